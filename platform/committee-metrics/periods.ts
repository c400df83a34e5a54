/**
 * The fixed reporting periods of the committee's metrics: a calendar year, a
 * quarter or a month, in Pakistan Standard Time. Only these are accepted, so
 * two answers can never be subtracted over an arbitrary stretch of days: every
 * period is a node of its year's tree (year → quarters → months), and the
 * year's figures are protected as one system (see cube.ts).
 */
import { BadUserInputError } from '#service';
import { DAY_MS, HOUR_MS, PKT_OFFSET_MS, pakistanDate } from '#reference-data';

export const METRIC_GRANULARITIES = ['MONTH', 'QUARTER'] as const;
export type MetricGranularity = (typeof METRIC_GRANULARITIES)[number];

type PeriodKind = 'YEAR' | 'QUARTER' | 'MONTH';

export interface Period {
  kind: PeriodKind;
  /** "2025", "2025-Q2" or "2025-04". */
  label: string;
  year: number;
  /** First instant of the period (00:00 PKT on its first day). */
  from: Date;
  /** First instant after it. */
  to: Date;
}

/** The earliest and latest years a period may name: the Act dates from 2021. */
const FIRST_YEAR = 2021;
const LAST_YEAR = 2100;

const PERIOD = /^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$/;

/** Midnight PKT on the first day of a month (month 1 to 13: 13 is January of the next year). */
const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1) - PKT_OFFSET_MS);

function period(kind: PeriodKind, year: number, firstMonth: number, months: number, label: string): Period {
  return { kind, label, year, from: monthStart(year, firstMonth), to: monthStart(year, firstMonth + months) };
}

export const yearPeriod = (year: number) => period('YEAR', year, 1, 12, String(year));
export const quarterPeriod = (year: number, quarter: number) => period('QUARTER', year, 3 * quarter - 2, 3, `${year}-Q${quarter}`);
export const monthPeriod = (year: number, month: number) => period('MONTH', year, month, 1, `${year}-${String(month).padStart(2, '0')}`);

/** "2025", "2025-Q2" or "2025-04"; anything else is the caller's mistake. */
export function parsePeriod(text: string): Period {
  const match = PERIOD.exec(text);
  const year = match ? Number(match[1]) : NaN;
  if (!match || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new BadUserInputError(
      `"period" must be a year (2025), a quarter (2025-Q2) or a month (2025-04), from ${FIRST_YEAR}; got "${truncated(text)}".`,
    );
  }
  if (match[2]) return quarterPeriod(year, Number(match[2]));
  if (match[3]) return monthPeriod(year, Number(match[3]));
  return yearPeriod(year);
}

/** The periods of a year's tree: the year, its quarters, its months. */
export function periodsOfYear(year: number): { year: Period; quarters: Period[]; months: Period[] } {
  return {
    year: yearPeriod(year),
    quarters: [1, 2, 3, 4].map((quarter) => quarterPeriod(year, quarter)),
    months: Array.from({ length: 12 }, (_, i) => monthPeriod(year, i + 1)),
  };
}

/** The months of a quarter or a year, or the quarters of a year: what a time series of the period shows. */
export function subPeriods(of: Period, granularity: MetricGranularity): Period[] {
  const { quarters, months } = periodsOfYear(of.year);
  if (of.kind === 'MONTH') {
    if (granularity !== 'MONTH') throw new BadUserInputError('A month is broken down by MONTH only.');
    return [of];
  }
  if (of.kind === 'QUARTER') {
    if (granularity !== 'MONTH') throw new BadUserInputError('A quarter is broken down by MONTH only.');
    const quarter = Number(of.label.slice(-1));
    return months.slice(3 * quarter - 3, 3 * quarter);
  }
  return granularity === 'MONTH' ? months : quarters;
}

/** The month label ("2025-04") of an instant, in Pakistan. */
export function monthLabelOf(instant: Date): string {
  return pakistanDate(instant).slice(0, 7);
}

/**
 * monthLabelOf in SQL: the month label of a timestamptz column, for grouping a
 * year's rows by month. Read in UTC first, so the session's time zone (a
 * server set to Asia/Karachi, say) cannot shift it twice.
 */
export const monthLabelSql = (column: string) =>
  `to_char((${column} at time zone 'UTC') + interval '${PKT_OFFSET_MS / HOUR_MS} hours', 'YYYY-MM')`;

/** The same for the quarter label ("2025-Q2"). */
export const quarterLabelSql = (column: string) =>
  `to_char((${column} at time zone 'UTC') + interval '${PKT_OFFSET_MS / HOUR_MS} hours', 'YYYY-"Q"Q')`;

/**
 * The days of a period that have begun by `now`: all of them once it is over,
 * today included while it runs, none before it starts. Pakistan keeps no
 * daylight saving, so every day of a period is 24 hours.
 */
export function daysBegun(period: Period, now: Date): number {
  const end = Math.min(period.to.getTime(), now.getTime());
  return Math.max(0, Math.ceil((end - period.from.getTime()) / DAY_MS));
}

const truncated = (text: string) => (text.length > 32 ? `${text.slice(0, 32)}…` : text);
