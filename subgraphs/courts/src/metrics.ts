/**
 * The special courts' part of the committee's dashboard. Trials are counted
 * as a cohort, by the month they were filed: of the trials filed in a period,
 * how many are decided, convicted, still pending, decided within the
 * statutory target. (Counting verdicts in one period against filings of
 * another would tie flows to a backlog that subtraction could open up.)
 * Hearings are counted by the month they were listed for. Counted in SQL a
 * year at a time; protected as one system (kit/metrics/cube.ts).
 */
import type { EntityManager } from '@mikro-orm/core';
import { sectionCsv } from '#committee-metrics';
import type { CubeRow, CubeSpec, SuppressedCube } from '#committee-metrics';
import {
  byPeriodOf,
  byPlaceOf,
  keptFigures,
  protectedFigures,
  distributionOf,
  shareOf,
  type DashboardQuery,
  type MetricCell,
  type MetricDistribution,
  type MetricShare,
  type MetricsRuntime,
} from '#committee-metrics';
import { countsByMonthAndPlace, percentilesAt, percentilesOfYear, type YearPercentiles } from '#committee-metrics';
import { yearPeriod } from '#committee-metrics';
import type { SafeCount } from '#committee-metrics';

export const COURTS_CUBE: CubeSpec = {
  kind: 'flow',
  measures: [
    'opened',
    'decided',
    'pending',
    'convicted',
    'acquitted',
    'decidedWithinTarget',
    'decidedLate',
    'hearings',
    'hearingsListed',
    'hearingsUpcoming',
    'hearingsHeld',
    'hearingsAdjourned',
  ],
  relations: [
    { total: 'opened', members: ['decided', 'pending'] },
    { total: 'decided', members: ['convicted', 'acquitted'] },
    { total: 'decided', members: ['decidedWithinTarget', 'decidedLate'] },
    { total: 'hearings', members: ['hearingsListed', 'hearingsUpcoming'] },
    { total: 'hearingsListed', members: ['hearingsHeld', 'hearingsAdjourned'] },
  ],
};

const tables = (em: EntityManager) => {
  const schema = em.config.get('schema') as string;
  return { trials: `"${schema}"."trial"`, hearings: `"${schema}"."hearing"` };
};

const TRIAL_PLACE = { province: 't.province', district: 't.district' };

/** Every verdict but an acquittal convicts someone. */
const CONVICTED = `t.verdict_outcome is not null and t.verdict_outcome <> 'ACQUITTED'`;
const DAYS_TO_VERDICT = `extract(epoch from (t.decided_at - t.filed_at)) / 86400`;

async function courtsOfYear(em: EntityManager, year: number, verdictTargetDays: number): Promise<CubeRow[]> {
  const period = yearPeriod(year);
  const t = tables(em);
  const target = Number(verdictTargetDays);
  const counted = await Promise.all([
    countsByMonthAndPlace(em, {
      from: `${t.trials} t`,
      at: 't.filed_at',
      place: TRIAL_PLACE,
      period,
      counts: {
        opened: 'true',
        decided: 't.decided_at is not null',
        pending: 't.decided_at is null',
        convicted: CONVICTED,
        acquitted: `t.decided_at is not null and not (${CONVICTED})`,
        decidedWithinTarget: `t.decided_at is not null and ${DAYS_TO_VERDICT} <= ${target}`,
        decidedLate: `t.decided_at is not null and ${DAYS_TO_VERDICT} > ${target}`,
      },
    }),
    countsByMonthAndPlace(em, {
      from: `${t.hearings} h join ${t.trials} t on t.id = h.trial_id`,
      at: 'h.scheduled_for',
      place: TRIAL_PLACE,
      period,
      counts: {
        hearings: 'true',
        hearingsListed: `h.outcome <> 'SCHEDULED'`,
        hearingsUpcoming: `h.outcome = 'SCHEDULED'`,
        hearingsHeld: `h.outcome = 'HELD'`,
        hearingsAdjourned: `h.outcome = 'ADJOURNED'`,
      },
    }),
  ]);
  return counted.flat();
}

const courtsCube = (em: EntityManager, runtime: MetricsRuntime, year: number): Promise<SuppressedCube> =>
  protectedFigures(runtime, {
    name: 'courts',
    spec: COURTS_CUBE,
    year,
    rows: () => courtsOfYear(em, year, runtime.settings.verdictTargetDays),
  });

/** Days from filing to verdict, over the decided trials, at every period (of filing) and place of a year. */
function daysToVerdictOfYear(em: EntityManager, runtime: MetricsRuntime, year: number): Promise<YearPercentiles> {
  return keptFigures(runtime, `courts-days-to-verdict/${year}`, () =>
    percentilesOfYear(em, {
      from: `${tables(em).trials} t`,
      at: 't.filed_at',
      place: TRIAL_PLACE,
      year,
      of: `case when t.decided_at is not null then ${DAYS_TO_VERDICT} end`,
    }),
  );
}

/** Everything the courts' section needs for a year, computed and kept (at start, for the recent years). */
export const prepareCourtMetrics = (em: EntityManager, runtime: MetricsRuntime, year: number) =>
  Promise.all([courtsCube(em, runtime, year), daysToVerdictOfYear(em, runtime, year)]);

export interface CourtMetricsAnswer {
  trialsFiled: SafeCount;
  byPeriod: MetricCell[];
  byPlace: MetricCell[];
  decided: MetricShare;
  pending: MetricShare;
  convictions: MetricShare;
  daysToVerdict: MetricDistribution;
  targetDays: number;
  decidedWithinTarget: MetricShare;
  hearings: { listed: SafeCount; held: SafeCount; adjourned: MetricShare; upcoming: SafeCount };
  csv: string;
}

export async function courtMetrics(em: EntityManager, runtime: MetricsRuntime, query: DashboardQuery): Promise<CourtMetricsAnswer> {
  const [cube, daysOfYear] = await Promise.all([
    courtsCube(em, runtime, query.period.year),
    daysToVerdictOfYear(em, runtime, query.period.year),
  ]);
  const days = percentilesAt(daysOfYear, query.period, query.place);
  const count = (measure: string) => cube.count(query.period, query.place, measure);
  const opened = count('opened');
  const decided = count('decided');
  const listed = count('hearingsListed');
  const answer = {
    trialsFiled: opened,
    byPeriod: byPeriodOf(cube, query, 'opened'),
    byPlace: byPlaceOf(cube, query, 'opened'),
    decided: shareOf(decided, opened),
    pending: shareOf(count('pending'), opened),
    convictions: shareOf(count('convicted'), decided),
    daysToVerdict: distributionOf(decided, days.n, days, query.k),
    targetDays: runtime.settings.verdictTargetDays,
    decidedWithinTarget: shareOf(count('decidedWithinTarget'), opened),
    hearings: {
      listed,
      held: count('hearingsHeld'),
      adjourned: shareOf(count('hearingsAdjourned'), listed),
      upcoming: count('hearingsUpcoming'),
    },
  };
  return { ...answer, csv: sectionCsv(query, 'courts', answer) };
}
