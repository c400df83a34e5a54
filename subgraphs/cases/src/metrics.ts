/**
 * The cases subgraph's part of the committee's dashboard: reports and what
 * happened to them, and the attrition funnel. Counted in SQL, a year at a
 * time, by month and district; protected as one system (kit/metrics/cube.ts).
 */
import type { EntityManager } from '@mikro-orm/core';
import { OFFENCE_CATEGORIES } from '#reference-data';
import { sectionCsv } from '#committee-metrics';
import type { CubeRow, CubeSpec, SuppressedCube } from '#committee-metrics';
import {
  byPeriodOf,
  byPlaceOf,
  keptFigures,
  protectedFigures,
  distributionOf,
  ratio,
  shareOf,
  type DashboardQuery,
  type MetricCell,
  type MetricDistribution,
  type MetricShare,
  type MetricsRuntime,
} from '#committee-metrics';
import { yearPeriod } from '#committee-metrics';
import { countsByMonthAndPlace, percentilesAt, percentilesOfYear, type Percentiles, type YearPercentiles } from '#committee-metrics';
import { safeRate, type SafeCount, type SafeRate } from '#committee-metrics';

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
const STAGE_SQL = `(case
  when c.verdict_outcome is not null and c.verdict_outcome <> 'ACQUITTED' then 5
  when c.status = 'DECIDED' then 4
  when c.status = 'ON_TRIAL' then 3
  when i.charge_sheet_filed_at is not null then 2
  when c.has_fir then 1
  else 0 end)`;

const CASE_PLACE = { province: 'c.province', district: 'c.district' };

const tables = (em: EntityManager) => {
  const schema = em.config.get('schema') as string;
  return { cases: `"${schema}"."case"`, exams: `"${schema}"."medico_legal_exam"`, investigations: `"${schema}"."investigation"` };
};

/** Cases with their exam and investigation, one row per case (each is at most one per case). */
const casesWithRecords = (em: EntityManager) => {
  const t = tables(em);
  return `${t.cases} c left join ${t.exams} e on e.case_id = c.id left join ${t.investigations} i on i.case_id = c.id`;
};

/** One year of reports, counted by month and district: one statement over the (reported_at, id) index. */
function casesOfYear(em: EntityManager, year: number, examTargetHours: number): Promise<CubeRow[]> {
  const target = Number(examTargetHours);
  return countsByMonthAndPlace(em, {
    from: casesWithRecords(em),
    at: 'c.reported_at',
    place: CASE_PLACE,
    period: yearPeriod(year),
    counts: {
      reports: 'true',
      ...Object.fromEntries(OFFENCE_CATEGORIES.map((category) => [categoryMeasure(category), `c.category = '${category}'`])),
      child: 'c.child_survivor',
      adult: 'not c.child_survivor',
      examined: 'e.case_id is not null',
      notExamined: 'e.case_id is null',
      examWithinTarget: `e.hours_after_report <= ${target}`,
      examLate: `e.hours_after_report > ${target}`,
      ...Object.fromEntries(
        STAGES_AFTER_REPORT.flatMap((step, i) => [
          [step.reached, `${STAGE_SQL} >= ${i + 1}`],
          [step.stoppedBefore, `${STAGE_SQL} = ${i}`],
        ]),
      ),
    },
  });
}

/** Median and 90th percentile of the two delays at every period and place of a year, kept with the year's counts. */
function delaysOfYear(em: EntityManager, runtime: MetricsRuntime, year: number): Promise<[YearPercentiles, YearPercentiles]> {
  const over = { from: casesWithRecords(em), at: 'c.reported_at', place: CASE_PLACE, year };
  return keptFigures(runtime, `cases-delays/${year}`, () =>
    Promise.all([
      percentilesOfYear(em, { ...over, of: 'e.hours_after_report' }),
      percentilesOfYear(em, { ...over, of: 'extract(epoch from (i.charge_sheet_filed_at - c.reported_at)) / 86400' }),
    ]),
  );
}

const casesCube = (em: EntityManager, runtime: MetricsRuntime, year: number): Promise<SuppressedCube> =>
  protectedFigures(runtime, { name: 'cases', spec: CASES_CUBE, year, rows: () => casesOfYear(em, year, runtime.settings.examTargetHours) });

/** Everything the cases subgraph's sections need for a year, computed and kept (at start, for the recent years). */
export const prepareCaseMetrics = (em: EntityManager, runtime: MetricsRuntime, year: number) =>
  Promise.all([casesCube(em, runtime, year), delaysOfYear(em, runtime, year)]);

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
  const [cube, delays] = await Promise.all([casesCube(em, runtime, query.period.year), delaysOfYear(em, runtime, query.period.year)]);
  const [examHours, chargeSheetDays] = delays.map((year) => percentilesAt(year, query.period, query.place)) as [Percentiles, Percentiles];
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
      hoursToExam: distributionOf(examined, examHours.n, examHours, query.k),
      targetHours: runtime.settings.examTargetHours,
      withinTarget: shareOf(count('examWithinTarget'), examined),
    },
    chargeSheet: {
      filed: shareOf(count('chargeSheet'), reports),
      daysToChargeSheet: distributionOf(count('chargeSheet'), chargeSheetDays.n, chargeSheetDays, query.k),
    },
  };
  return { ...answer, csv: sectionCsv(query, 'cases', answer) };
}

export interface FunnelStepAnswer {
  stage: FunnelStage;
  count: SafeCount;
  stoppedBefore: SafeCount | null;
  shareOfReported: SafeRate;
  shareOfPrevious: SafeRate | null;
}

export async function attritionFunnel(
  em: EntityManager,
  runtime: MetricsRuntime,
  query: DashboardQuery,
): Promise<{ stages: FunnelStepAnswer[]; csv: string }> {
  const cube = await casesCube(em, runtime, query.period.year);
  const count = (measure: string) => cube.count(query.period, query.place, measure);
  const reported = count('reports');
  const stages: FunnelStepAnswer[] = [
    {
      stage: 'REPORTED',
      count: reported,
      stoppedBefore: null,
      shareOfReported: safeRate(reported, reported, ratio),
      shareOfPrevious: null,
    },
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
  return { stages, csv: sectionCsv(query, 'attritionFunnel', { stages }) };
}
