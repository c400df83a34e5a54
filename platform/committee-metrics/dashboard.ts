/**
 * The Special Committee's dashboard as every subgraph sees it: its parameters
 * (a fixed period, a place, a granularity, and the server's k), carried from
 * the cases subgraph, which serves the root field, to the others in the
 * entity's `id`. A subgraph never takes k from that id: it checks the id's k
 * is its own, so a representation sent straight to a subgraph cannot lower it.
 */
import { BadUserInputError } from '#service';
import { METRIC_GRANULARITIES, parsePeriod, subPeriods, type MetricGranularity, type Period } from './periods.ts';
import { requestedPlace, type Place } from './places.ts';
import {
  DEFAULT_K,
  assertValidK,
  safeRate,
  suppressStatistic,
  suppressSystem,
  type CountSystem,
  type SafeCount,
  type SafeRate,
} from './suppression.ts';
import { buildCubeWith, type CubeRow, type CubeSpec, type SuppressedCube } from './cube.ts';
import { FiguresCache } from './figures-cache.ts';
import type { Logger } from '#service';

export interface DashboardQuery {
  period: Period;
  place: Place;
  granularity: MetricGranularity;
  k: number;
}

/** What the server decides, never the caller: the threshold and targets are fixed, so no two answers differ by a target. */
interface MetricsSettings {
  /** k: a count from 1 to k−1 is withheld. METRICS_SMALL_COUNT_THRESHOLD, default 5. */
  k: number;
  /** How long a year's protected figures are kept before they are computed again. METRICS_CACHE_SECONDS, default 300. */
  cacheMs: number;
  /** The medico-legal examination target, hours after the report. METRICS_EXAM_TARGET_HOURS, default 6. */
  examTargetHours: number;
  /** The statutory target for deciding a trial, days after filing. METRICS_VERDICT_TARGET_DAYS, default 120. */
  verdictTargetDays: number;
  /** Years (this one and before) whose figures each subgraph prepares when it starts. METRICS_PREPARE_YEARS, default 2. */
  prepareYears: number;
}

export function metricsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MetricsSettings {
  const number = (name: string, fallback: number, check: (n: number) => boolean, what: string) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!check(value)) throw new Error(`${name} must be ${what}, got "${text}"`);
    return value;
  };
  const k = number('METRICS_SMALL_COUNT_THRESHOLD', DEFAULT_K, Number.isInteger, 'an integer from 3 to 100');
  assertValidK(k);
  return {
    k,
    cacheMs: 1000 * number('METRICS_CACHE_SECONDS', 300, (n) => Number.isFinite(n) && n >= 0, 'a number of seconds, 0 or more'),
    examTargetHours: number('METRICS_EXAM_TARGET_HOURS', 6, (n) => Number.isFinite(n) && n > 0, 'a positive number of hours'),
    verdictTargetDays: number('METRICS_VERDICT_TARGET_DAYS', 120, (n) => Number.isInteger(n) && n > 0, 'a positive whole number of days'),
    prepareYears: number(
      'METRICS_PREPARE_YEARS',
      2,
      (n) => Number.isInteger(n) && n >= 0 && n <= 10,
      'a whole number of years from 0 to 10',
    ),
  };
}

/** Each subgraph's metrics: its settings and its cache of protected years. */
export interface MetricsRuntime {
  settings: MetricsSettings;
  cache: FiguresCache;
  /** Called each time a section's figures for a year are counted and protected (the subgraph's /metrics counts them). */
  computed?: (section: string) => void;
  /** Where a year's system of counts is protected: a worker thread in a subgraph (SuppressionPool), this thread by default. */
  protect: (system: CountSystem, k: number) => Promise<Map<string, SafeCount>>;
  logger?: Logger;
}

export const createMetricsRuntime = (env?: NodeJS.ProcessEnv, logger?: Logger, protect?: MetricsRuntime['protect']): MetricsRuntime => {
  const settings = metricsSettingsFromEnv(env);
  return {
    settings,
    cache: new FiguresCache(settings.cacheMs),
    protect: protect ?? (async (system, k) => suppressSystem(system, k)),
    logger,
  };
};

export function dashboardQuery(
  args: { period: string; province?: string | null; district?: string | null; granularity?: string | null },
  k: number,
): DashboardQuery {
  const period = parsePeriod(args.period);
  const granularity = (args.granularity ?? 'MONTH') as MetricGranularity;
  if (!(METRIC_GRANULARITIES as readonly string[]).includes(granularity))
    throw new BadUserInputError(`"granularity" must be one of ${METRIC_GRANULARITIES.join(', ')}.`);
  subPeriods(period, granularity); // refuses QUARTER for a quarter or a month
  return { period, place: requestedPlace(args.province, args.district), granularity, k };
}

/** "2025/PUNJAB/Lahore/MONTH/k5": the parameters in one canonical string, the entity's key. */
export function dashboardId(query: DashboardQuery): string {
  const { period, place, granularity, k } = query;
  return [period.label, place.province ?? '-', place.district ?? '-', granularity, `k${k}`].join('/');
}

/**
 * `__resolveReference` of every subgraph's CommitteeDashboard: every parameter
 * comes from the id, checked as the root field checks its arguments, and k
 * must be this server's.
 */
const resolveDashboardReference = ({ id }: { id: string }, { metrics }: { metrics: MetricsRuntime }): DashboardQuery =>
  parseDashboardId(id, metrics.settings.k);

/** What every subgraph's CommitteeDashboard resolvers share: the reference and the key. */
export const dashboardEntityResolvers = {
  __resolveReference: resolveDashboardReference,
  id: (query: DashboardQuery) => dashboardId(query),
};

export function parseDashboardId(id: string, k: number): DashboardQuery {
  const parts = typeof id === 'string' ? id.split('/') : [];
  const [period, province, district, granularity, threshold] = parts;
  if (parts.length !== 5 || !period || !province || !district || !granularity || !threshold) {
    throw new BadUserInputError('A committee dashboard id is PERIOD/PROVINCE/DISTRICT/GRANULARITY/kK, as committeeDashboard gives it.');
  }
  if (threshold !== `k${k}`)
    throw new BadUserInputError(`This dashboard was made for another small-count threshold than this server's (k = ${k}).`);
  const query = dashboardQuery(
    { period, province: province === '-' ? null : province, district: district === '-' ? null : district, granularity },
    k,
  );
  if (dashboardId(query) !== id)
    throw new BadUserInputError('A committee dashboard id must be in the canonical form committeeDashboard gives it.');
  return query;
}

// --- Shapes of the GraphQL value types (common.graphql), built from protected counts.

export interface MetricShare {
  part: SafeCount;
  whole: SafeCount;
  share: SafeRate;
}

/** n ÷ d to four decimal places: a share or a rate as a dashboard shows it. */
export const ratio = (n: number, d: number) => Math.round((n / d) * 10_000) / 10_000;

export const shareOf = (part: SafeCount, whole: SafeCount): MetricShare => ({ part, whole, share: safeRate(part, whole, ratio) });

export interface MetricCell {
  key: string;
  count: SafeCount;
}

export interface MetricDistribution {
  observations: SafeCount;
  median: SafeRate;
  p90: SafeRate;
}

/** A statistic over n observations is withheld when n is 1 to k−1, undefined when n is 0 (suppression.ts). */
export function distributionOf(
  observations: SafeCount,
  n: number,
  statistics: { median: number | null; p90: number | null },
  k: number,
): MetricDistribution {
  const rounded = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    observations,
    median: suppressStatistic(n === 0 ? null : rounded(statistics.median), n, k),
    p90: suppressStatistic(n === 0 ? null : rounded(statistics.p90), n, k),
  };
}

/** A measure of the cube in each sub-period of the dashboard's period. */
export function byPeriodOf(cube: SuppressedCube, query: DashboardQuery, measure: string): MetricCell[] {
  return subPeriods(query.period, query.granularity).map((period) => ({
    key: period.label,
    count: cube.count(period, query.place, measure),
  }));
}

/** A measure of the cube in each place under the dashboard's: provinces of Pakistan, districts of a province; none under a district. */
export function byPlaceOf(cube: SuppressedCube, query: DashboardQuery, measure: string): MetricCell[] {
  if (query.place.level === 'DISTRICT') return [];
  return cube.places
    .children(query.place)
    .map((place) => ({ key: place.district ?? place.province!, count: cube.count(query.period, place, measure) }));
}

/** Figures of a year kept in the subgraph's cache under a name, with the settings they depend on. */
export function keptFigures<T>(runtime: MetricsRuntime, name: string, compute: () => Promise<T>): Promise<T> {
  const { k, examTargetHours, verdictTargetDays } = runtime.settings;
  return runtime.cache.get(`${name}/k${k}/${examTargetHours}h/${verdictTargetDays}d`, compute);
}

/** A section's protected figures for a year (or, for a stock, now), from the cache, counted and protected on a miss. */
export function protectedFigures(
  runtime: MetricsRuntime,
  section: { name: string; spec: CubeSpec; year: number; rows: () => Promise<CubeRow[]> },
): Promise<SuppressedCube> {
  const key = section.spec.kind === 'stock' ? `${section.name}/now` : `${section.name}/${section.year}`;
  return keptFigures(runtime, key, async () => {
    const started = performance.now();
    const rows = await section.rows();
    const counted = performance.now();
    const cube = await buildCubeWith(runtime.protect, section.spec, rows, { year: section.year, k: runtime.settings.k });
    runtime.computed?.(section.name);
    runtime.logger?.info(
      {
        section: key,
        counts: cube.withheld.of,
        withheld: cube.withheld.count,
        sqlMs: Math.round(counted - started),
        protectionMs: Math.round(performance.now() - counted),
      },
      'committee figures counted and protected',
    );
    return cube;
  });
}
