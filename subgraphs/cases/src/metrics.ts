/**
 * The cases subgraph's part of the committee's dashboard: reports and what
 * happened to them, and the attrition funnel. Counted in SQL, a year at a
 * time, by month and district; protected as one system (kit/metrics/cube.ts).
 */
import type { EntityManager } from '@mikro-orm/core';
import { OFFENCE_CATEGORIES, type Province } from '../../kit/src/enums.ts';
import { CsvSection } from '../../kit/src/metrics/csv.ts';
import { buildCube, type CubeRow, type CubeSpec, type SuppressedCube } from '../../kit/src/metrics/cube.ts';
import {
  byPeriodOf,
  byPlaceOf,
  cubeFor,
  distributionOf,
  shareOf,
  type DashboardQuery,
  type MetricCell,
  type MetricDistribution,
  type MetricShare,
  type MetricsRuntime,
} from '../../kit/src/metrics/dashboard.ts';
import { monthLabelSql, yearPeriod } from '../../kit/src/metrics/periods.ts';
import { safeRate, type SafeCount, type SafeRate } from '../../kit/src/metrics/suppression.ts';

/**
 * The funnel's stages after the report, in order, each with the measure
 * counting the cases that reached it or went further, and the one counting
 * those that reached the stage before and stopped there.
 */
const STAGES_AFTER_REPORT = [
  { stage: 'FIR', reached: 'fir', stoppedBefore: 'stoppedBeforeFir' },
  { stage: 'CHARGE_SHEET', reached: 'chargeSheet', stoppedBefore: 'stoppedBeforeChargeSheet' },
  { stage: 'TRIAL', reached: 'trial', stoppedBefore: 'stoppedBeforeTrial' },
  { stage: 'VERDICT', reached: 'verdict', stoppedBefore: 'stoppedBeforeVerdict' },
  { stage: 'CONVICTION', reached: 'conviction', stoppedBefore: 'stoppedBeforeConviction' },
] as const;
type FunnelStage = 'REPORTED' | (typeof STAGES_AFTER_REPORT)[number]['stage'];

const categoryMeasure = (category: string) => `category:${category}`;

const reachedBefore = (i: number) => (i === 0 ? 'reports' : STAGES_AFTER_REPORT[i - 1]!.reached);
const funnelRelations = STAGES_AFTER_REPORT.map((step, i) => ({ total: reachedBefore(i), members: [step.reached, step.stoppedBefore] }));

export const CASES_CUBE: CubeSpec = {
  kind: 'flow',
  measures: [
    'reports',
    ...OFFENCE_CATEGORIES.map(categoryMeasure),
    'child',
    'adult',
    'examined',
    'notExamined',
    'examWithinTarget',
    'examLate',
    ...STAGES_AFTER_REPORT.flatMap((step) => [step.reached, step.stoppedBefore]),
  ],
  relations: [
    { total: 'reports', members: OFFENCE_CATEGORIES.map(categoryMeasure) },
    { total: 'reports', members: ['child', 'adult'] },
    { total: 'reports', members: ['examined', 'notExamined'] },
    { total: 'examined', members: ['examWithinTarget', 'examLate'] },
    ...funnelRelations,
  ],
};

/**
 * The furthest stage a case has reached, from its own record: 5 convicted,
 * 4 decided, 3 on trial, 2 charge sheet filed, 1 FIR registered, 0 reported.
 * A later stage implies the earlier ones even where their record is missing.
 */
const STAGE_SQL = `case
  when c.verdict_outcome is not null and c.verdict_outcome <> 'ACQUITTED' then 5
  when c.status = 'DECIDED' then 4
  when c.status = 'ON_TRIAL' then 3
  when i.charge_sheet_filed_at is not null then 2
  when c.has_fir then 1
  else 0 end`;

const tables = (em: EntityManager) => {
  const schema = em.config.get('schema') as string;
  return { cases: `"${schema}"."case"`, exams: `"${schema}"."medico_legal_exam"`, investigations: `"${schema}"."investigation"` };
};

/** One year of reports, counted by month and district: one statement over the (reported_at, id) index. */
async function casesOfYear(em: EntityManager, year: number, examTargetHours: number): Promise<CubeRow[]> {
  const { from, to } = yearPeriod(year);
  const t = tables(em);
  const counts = [
    `count(*)::int as "reports"`,
    ...OFFENCE_CATEGORIES.map((category) => `count(*) filter (where c.category = '${category}')::int as "${categoryMeasure(category)}"`),
    `count(*) filter (where c.child_survivor)::int as "child"`,
    `count(*) filter (where not c.child_survivor)::int as "adult"`,
    `count(e.case_id)::int as "examined"`,
    `count(*) filter (where e.case_id is null)::int as "notExamined"`,
    `count(*) filter (where e.hours_after_report <= ?)::int as "examWithinTarget"`,
    `count(*) filter (where e.hours_after_report > ?)::int as "examLate"`,
    ...STAGES_AFTER_REPORT.flatMap((step, i) => [
      `count(*) filter (where s.stage >= ${i + 1})::int as "${step.reached}"`,
      `count(*) filter (where s.stage = ${i})::int as "${step.stoppedBefore}"`,
    ]),
  ];
  const rows: { month: string; province: Province; district: string; [measure: string]: number | string }[] = await em.getConnection().execute(
    `select ${monthLabelSql('c.reported_at')} as "month", c.province as "province", c.district as "district", ${counts.join(', ')}
       from ${t.cases} c
       left join ${t.exams} e on e.case_id = c.id
       left join ${t.investigations} i on i.case_id = c.id
       cross join lateral (select ${STAGE_SQL} as stage) s
      where c.reported_at >= ? and c.reported_at < ?
      group by 1, 2, 3`,
    [examTargetHours, examTargetHours, from, to],
  );
  return rows.map(({ month, province, district, ...values }) => ({ month, province, district, counts: values as Record<string, number> }));
}

interface DurationStatistics {
  examHours: { n: number; median: number | null; p90: number | null };
  chargeSheetDays: { n: number; median: number | null; p90: number | null };
}

/** Median and 90th percentile of the two delays, over the dashboard's own period and place. */
async function delaysOf(em: EntityManager, query: DashboardQuery): Promise<DurationStatistics> {
  const t = tables(em);
  const where = ['c.reported_at >= ?', 'c.reported_at < ?'];
  const params: unknown[] = [query.period.from, query.period.to];
  if (query.place.province) {
    where.push('c.province = ?');
    params.push(query.place.province);
  }
  if (query.place.district) {
    where.push('c.district = ?');
    params.push(query.place.district);
  }
  const days = `extract(epoch from (i.charge_sheet_filed_at - c.reported_at)) / 86400`;
  const [row]: Record<string, number | string | null>[] = await em.getConnection().execute(
    `select count(e.case_id)::int as "examN",
            percentile_cont(0.5) within group (order by e.hours_after_report) as "examMedian",
            percentile_cont(0.9) within group (order by e.hours_after_report) as "examP90",
            count(i.charge_sheet_filed_at)::int as "chargeN",
            percentile_cont(0.5) within group (order by ${days}) as "chargeMedian",
            percentile_cont(0.9) within group (order by ${days}) as "chargeP90"
       from ${t.cases} c
       left join ${t.exams} e on e.case_id = c.id
       left join ${t.investigations} i on i.case_id = c.id and i.charge_sheet_filed_at is not null
      where ${where.join(' and ')}`,
    params,
  );
  const number = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return {
    examHours: { n: Number(row!.examN), median: number(row!.examMedian), p90: number(row!.examP90) },
    chargeSheetDays: { n: Number(row!.chargeN), median: number(row!.chargeMedian), p90: number(row!.chargeP90) },
  };
}

const casesCube = (em: EntityManager, runtime: MetricsRuntime, year: number): Promise<SuppressedCube> =>
  cubeFor(runtime, 'cases', year, async () => buildCube(CASES_CUBE, await casesOfYear(em, year, runtime.settings.examTargetHours), { year, k: runtime.settings.k }));

export interface CaseMetricsAnswer {
  reports: SafeCount;
  byPeriod: MetricCell[];
  byCategory: MetricCell[];
  byPlace: MetricCell[];
  childSurvivors: MetricShare;
  withFir: MetricShare;
  medicoLegalExam: { examined: MetricShare; hoursToExam: MetricDistribution; targetHours: number; withinTarget: MetricShare };
  chargeSheet: { filed: MetricShare; daysToChargeSheet: MetricDistribution };
  csv: string;
}

export async function caseMetrics(em: EntityManager, runtime: MetricsRuntime, query: DashboardQuery): Promise<CaseMetricsAnswer> {
  const [cube, delays] = await Promise.all([casesCube(em, runtime, query.period.year), delaysOf(em, query)]);
  const count = (measure: string) => cube.count(query.period, query.place, measure);
  const reports = count('reports');
  const examined = count('examined');
  const answer = {
    reports,
    byPeriod: byPeriodOf(cube, query, 'reports'),
    byCategory: OFFENCE_CATEGORIES.map((category) => ({ key: category, count: count(categoryMeasure(category)) })),
    byPlace: byPlaceOf(cube, query, 'reports'),
    childSurvivors: shareOf(count('child'), reports),
    withFir: shareOf(count('fir'), reports),
    medicoLegalExam: {
      examined: shareOf(examined, reports),
      hoursToExam: distributionOf(examined, delays.examHours.n, delays.examHours, query.k),
      targetHours: runtime.settings.examTargetHours,
      withinTarget: shareOf(count('examWithinTarget'), examined),
    },
    chargeSheet: {
      filed: shareOf(count('chargeSheet'), reports),
      daysToChargeSheet: distributionOf(count('chargeSheet'), delays.chargeSheetDays.n, delays.chargeSheetDays, query.k),
    },
  };
  const csv = new CsvSection()
    .count('reports', answer.reports)
    .cells('reports.byPeriod', answer.byPeriod)
    .cells('reports.byCategory', answer.byCategory)
    .cells('reports.byPlace', answer.byPlace)
    .share('childSurvivors', answer.childSurvivors)
    .share('withFir', answer.withFir)
    .share('medicoLegalExam.examined', answer.medicoLegalExam.examined)
    .distribution('medicoLegalExam.hoursToExam', answer.medicoLegalExam.hoursToExam)
    .share('medicoLegalExam.withinTarget', answer.medicoLegalExam.withinTarget)
    .share('chargeSheet.filed', answer.chargeSheet.filed)
    .distribution('chargeSheet.daysToChargeSheet', answer.chargeSheet.daysToChargeSheet)
    .toCsv(query);
  return { ...answer, csv };
}

export interface FunnelStepAnswer {
  stage: FunnelStage;
  count: SafeCount;
  stoppedBefore: SafeCount | null;
  shareOfReported: SafeRate;
  shareOfPrevious: SafeRate | null;
}

export async function attritionFunnel(em: EntityManager, runtime: MetricsRuntime, query: DashboardQuery): Promise<{ stages: FunnelStepAnswer[]; csv: string }> {
  const cube = await casesCube(em, runtime, query.period.year);
  const count = (measure: string) => cube.count(query.period, query.place, measure);
  const reported = count('reports');
  const ratio = (n: number, d: number) => n / d;
  const stages: FunnelStepAnswer[] = [
    { stage: 'REPORTED', count: reported, stoppedBefore: null, shareOfReported: safeRate(reported, reported, ratio), shareOfPrevious: null },
    ...STAGES_AFTER_REPORT.map((step, i) => {
      const reached = count(step.reached);
      return {
        stage: step.stage,
        count: reached,
        stoppedBefore: count(step.stoppedBefore),
        shareOfReported: safeRate(reached, reported, ratio),
        shareOfPrevious: safeRate(reached, count(reachedBefore(i)), ratio),
      };
    }),
  ];
  const csv = new CsvSection();
  for (const step of stages) {
    csv.count('attritionFunnel.count', step.count, step.stage);
    if (step.stoppedBefore) csv.count('attritionFunnel.stoppedBefore', step.stoppedBefore, step.stage);
    csv.count('attritionFunnel.shareOfReported', step.shareOfReported, step.stage);
    if (step.shareOfPrevious) csv.count('attritionFunnel.shareOfPrevious', step.shareOfPrevious, step.stage);
  }
  return { stages, csv: csv.toCsv(query) };
}
