/**
 * The two statements every section's figures are made of: counts of a year
 * by month and place (each measure a `count(*) filter (where ...)`), and the
 * median and 90th percentile of a duration over a dashboard's own period and
 * place. The database aggregates; JavaScript only adds the months and places up.
 * Conditions and expressions are SQL written in the subgraphs' code, never
 * a caller's input; values go as parameters.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Province } from '#reference-data';
import type { CubeRow } from './cube.ts';
import { monthLabelSql, quarterLabelSql, yearPeriod, type Period } from './periods.ts';
import { PAKISTAN, districtPlace, provincePlace, type Place } from './places.ts';

/** The columns that place a row: its province and district, and a unit under the district where the section has one. */
interface PlaceColumns {
  province: string;
  district: string;
  unit?: string;
}

interface CountsQuery {
  /** FROM clause: a table with an alias, with its joins. */
  from: string;
  /** The instant that dates a row (reported_at, filed_at, ...): it must lead an index for a year's range scan. */
  at: string;
  place: PlaceColumns;
  period: Period;
  /** Each measure's condition on a row ('true' for every row). */
  counts: Readonly<Record<string, string>>;
}

export function countsByMonthAndPlace(em: EntityManager, query: CountsQuery): Promise<CubeRow[]> {
  return groupedCounts(em, query, {
    month: monthLabelSql(query.at),
    where: `${query.at} >= ? and ${query.at} < ?`,
    params: [query.period.from, query.period.to],
  });
}

/** A stock: counts by place of the rows that meet `where` now (registrants whose registration runs, say). */
export function countsByPlace(em: EntityManager, query: Omit<CountsQuery, 'at' | 'period'> & { where: string }): Promise<CubeRow[]> {
  return groupedCounts(em, query, { where: query.where, params: [] });
}

async function groupedCounts(
  em: EntityManager,
  query: Pick<CountsQuery, 'from' | 'place' | 'counts'>,
  scope: { month?: string; where: string; params: unknown[] },
): Promise<CubeRow[]> {
  const keys = [
    ...(scope.month ? [`${scope.month} as "month"`] : []),
    `${query.place.province} as "province"`,
    `${query.place.district} as "district"`,
  ];
  if (query.place.unit) keys.push(`${query.place.unit} as "unit"`);
  const measures = Object.entries(query.counts).map(([name, condition]) => `count(*) filter (where ${condition})::int as ${quoted(name)}`);
  const rows: Record<string, string | number | null>[] = await em.getConnection().execute(
    `select ${[...keys, ...measures].join(', ')}
       from ${query.from}
      where ${scope.where}
      group by ${keys.map((_, i) => i + 1).join(', ')}`,
    scope.params,
  );
  return rows.map(({ month, province, district, unit, ...counts }) => ({
    ...(month == null ? {} : { month: String(month) }),
    province: province as Province,
    district: String(district),
    unit: unit == null ? null : String(unit),
    counts: counts as Record<string, number>,
  }));
}

export interface Percentiles {
  /** Observations: rows where the measured expression is not null. */
  n: number;
  median: number | null;
  p90: number | null;
}

/** The median and 90th percentile of an expression at every period and place of a year, by "<period label>|<place key>". */
export type YearPercentiles = ReadonlyMap<string, Percentiles>;

const NO_OBSERVATIONS: Percentiles = { n: 0, median: null, p90: null };

export function percentilesAt(year: YearPercentiles, period: Period, place: Place): Percentiles {
  return year.get(`${period.label}|${place.key}`) ?? NO_OBSERVATIONS;
}

/**
 * One statement for a whole year: GROUPING SETS give every month, quarter and
 * the year, each in every district, province and all Pakistan, so a
 * dashboard's statistics are read from what is kept, like its counts.
 */
export async function percentilesOfYear(
  em: EntityManager,
  query: { from: string; at: string; place: PlaceColumns; year: number; of: string; where?: string },
): Promise<YearPercentiles> {
  const period = yearPeriod(query.year);
  const rows: Record<string, string | number | null>[] = await em.getConnection().execute(
    `with observed as (
       select ${monthLabelSql(query.at)} as "month", ${quarterLabelSql(query.at)} as "quarter",
              ${query.place.province} as "province", ${query.place.district} as "district", (${query.of})::float8 as "x"
         from ${query.from}
        where ${query.at} >= ? and ${query.at} < ? and (${query.of}) is not null${query.where ? ` and ${query.where}` : ''}
     )
     select "month", "quarter", "province", "district",
            grouping("month") as "allMonths", grouping("quarter") as "allQuarters", grouping("province") as "allProvinces", grouping("district") as "allDistricts",
            count(*)::int as "n",
            percentile_cont(0.5) within group (order by "x") as "median",
            percentile_cont(0.9) within group (order by "x") as "p90"
       from observed
      group by grouping sets (("month", "province", "district"), ("month", "province"), ("month"),
                              ("quarter", "province", "district"), ("quarter", "province"), ("quarter"),
                              ("province", "district"), ("province"), ())`,
    [period.from, period.to],
  );
  const figures = new Map<string, Percentiles>();
  for (const row of rows) {
    const label = Number(row.allMonths) === 0 ? String(row.month) : Number(row.allQuarters) === 0 ? String(row.quarter) : period.label;
    const place =
      Number(row.allProvinces) === 1
        ? PAKISTAN
        : Number(row.allDistricts) === 1
          ? provincePlace(row.province as Province)
          : districtPlace(row.province as Province, String(row.district));
    figures.set(`${label}|${place.key}`, { n: Number(row.n), median: numberOrNull(row.median), p90: numberOrNull(row.p90) });
  }
  return figures;
}

const numberOrNull = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value));

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
