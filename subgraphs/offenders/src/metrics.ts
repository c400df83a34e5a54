/**
 * The register's part of the committee's dashboard: registrations and the
 * notifications registrants made, counted by month (flows, protected a year
 * at a time), and registrants' compliance now (a stock, protected on its own),
 * each at the place whose police keep the entry. Never an entry, a name or a
 * register number: counts only.
 */
import type { EntityManager } from '@mikro-orm/core';
import { COMPLIANCE_STATUSES, NOTIFICATION_KINDS } from '#reference-data';
import { sectionCsv } from '#committee-metrics';
import { NOW, type CubeSpec, type SuppressedCube } from '#committee-metrics';
import {
  byPeriodOf,
  byPlaceOf,
  protectedFigures,
  shareOf,
  type DashboardQuery,
  type MetricCell,
  type MetricShare,
  type MetricsRuntime,
} from '#committee-metrics';
import { yearPeriod } from '#committee-metrics';
import { countsByMonthAndPlace, countsByPlace } from '#committee-metrics';
import type { SafeCount } from '#committee-metrics';

const kindMeasure = (kind: string) => `kind:${kind}`;
const statusMeasure = (status: string) => `status:${status}`;

export const REGISTER_FLOWS: CubeSpec = {
  kind: 'flow',
  measures: ['registrations', 'notifications', ...NOTIFICATION_KINDS.map(kindMeasure)],
  relations: [{ total: 'notifications', members: NOTIFICATION_KINDS.map(kindMeasure) }],
};

export const REGISTER_COMPLIANCE: CubeSpec = {
  kind: 'stock',
  measures: ['active', ...COMPLIANCE_STATUSES.map(statusMeasure), 'nonCompliant'],
  relations: [
    { total: 'active', members: COMPLIANCE_STATUSES.map(statusMeasure) },
    { total: 'nonCompliant', members: [statusMeasure('NON_COMPLIANT'), statusMeasure('ABSCONDED')] },
  ],
};

const ENTRY_PLACE = { province: 'o.province', district: 'o.district' };

const tables = (em: EntityManager) => {
  const schema = em.config.get('schema') as string;
  return { entries: `"${schema}"."offender"`, notifications: `"${schema}"."registrant_notification"` };
};

async function flowsOfYear(em: EntityManager, year: number) {
  const t = tables(em);
  const period = yearPeriod(year);
  const counted = await Promise.all([
    countsByMonthAndPlace(em, {
      from: `${t.entries} o`,
      at: 'o.registered_at',
      place: ENTRY_PLACE,
      period,
      counts: { registrations: 'true' },
    }),
    countsByMonthAndPlace(em, {
      from: `${t.notifications} n join ${t.entries} o on o.id = n.offender_id`,
      at: 'n.submitted_at',
      place: ENTRY_PLACE,
      period,
      counts: { notifications: 'true', ...Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kindMeasure(kind), `n.kind = '${kind}'`])) },
    }),
  ]);
  return counted.flat();
}

/** Registrants whose registration runs today (Pakistan), by compliance status. */
function complianceNow(em: EntityManager) {
  return countsByPlace(em, {
    from: `${tables(em).entries} o`,
    where: `o.registration_ends_at >= (now() + interval '5 hours')::date`,
    place: ENTRY_PLACE,
    counts: {
      active: 'true',
      ...Object.fromEntries(COMPLIANCE_STATUSES.map((status) => [statusMeasure(status), `o.compliance_status = '${status}'`])),
      nonCompliant: `o.compliance_status in ('NON_COMPLIANT', 'ABSCONDED')`,
    },
  });
}

const flowsCube = (em: EntityManager, runtime: MetricsRuntime, year: number): Promise<SuppressedCube> =>
  protectedFigures(runtime, { name: 'register', spec: REGISTER_FLOWS, year, rows: () => flowsOfYear(em, year) });

const complianceCube = (em: EntityManager, runtime: MetricsRuntime): Promise<SuppressedCube> =>
  protectedFigures(runtime, {
    name: 'register-compliance',
    spec: REGISTER_COMPLIANCE,
    year: new Date().getUTCFullYear(),
    rows: () => complianceNow(em),
  });

/** Everything the register's section needs for a year, computed and kept (at start, for the recent years). */
export const prepareRegisterMetrics = (em: EntityManager, runtime: MetricsRuntime, year: number) =>
  Promise.all([flowsCube(em, runtime, year), complianceCube(em, runtime)]);

export interface RegisterMetricsAnswer {
  registrations: SafeCount;
  byPeriod: MetricCell[];
  byPlace: MetricCell[];
  notifications: SafeCount;
  notificationsByKind: MetricCell[];
  compliance: {
    asOf: Date;
    activeRegistrants: SafeCount;
    byStatus: MetricCell[];
    overdue: MetricShare;
    nonCompliant: MetricShare;
  };
  csv: string;
}

export async function registerMetrics(em: EntityManager, runtime: MetricsRuntime, query: DashboardQuery): Promise<RegisterMetricsAnswer> {
  const [flows, compliance] = await Promise.all([flowsCube(em, runtime, query.period.year), complianceCube(em, runtime)]);
  const flow = (measure: string) => flows.count(query.period, query.place, measure);
  const now = (measure: string) => compliance.count(NOW, query.place, measure);
  const active = now('active');
  const answer = {
    registrations: flow('registrations'),
    byPeriod: byPeriodOf(flows, query, 'registrations'),
    byPlace: byPlaceOf(flows, query, 'registrations'),
    notifications: flow('notifications'),
    notificationsByKind: NOTIFICATION_KINDS.map((kind) => ({ key: kind, count: flow(kindMeasure(kind)) })),
    compliance: {
      asOf: compliance.computedAt,
      activeRegistrants: active,
      byStatus: COMPLIANCE_STATUSES.map((status) => ({ key: status, count: now(statusMeasure(status)) })),
      overdue: shareOf(now(statusMeasure('VERIFICATION_OVERDUE')), active),
      nonCompliant: shareOf(now('nonCompliant'), active),
    },
  };
  return { ...answer, csv: sectionCsv(query, 'register', answer) };
}
