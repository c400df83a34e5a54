export { CSV_HEADER, sectionCsv } from './csv.ts';
export { type CubeRow, type CubeSpec, NOW, type SuppressedCube } from './cube.ts';
export {
  byPeriodOf,
  byPlaceOf,
  createMetricsRuntime,
  dashboardEntityResolvers,
  dashboardQuery,
  type DashboardQuery,
  distributionOf,
  keptFigures,
  type MetricCell,
  type MetricDistribution,
  type MetricShare,
  type MetricsRuntime,
  protectedFigures,
  ratio,
  shareOf,
} from './dashboard.ts';
export { daysBegun, yearPeriod } from './periods.ts';
export { countsByMonthAndPlace, countsByPlace, type Percentiles, percentilesAt, percentilesOfYear, type YearPercentiles } from './sql.ts';
export { SuppressionPool } from './suppression-pool.ts';
export { type SafeCount, safeRate, type SafeRate } from './suppression.ts';
