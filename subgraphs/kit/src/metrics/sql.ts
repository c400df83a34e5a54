/**
 * The two statements every section's figures are made of: counts of a year
 * by month and place (each measure a `count(*) filter (where ...)`), and the
 * median and 90th percentile of a duration over a dashboard's own period and
 * place. The database aggregates; JavaScript only adds the months and places up.
 * Conditions and expressions are SQL written in the subgraphs' code, never
 * a caller's input; values go as parameters.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Province } from '../enums.ts';
import type { CubeRow } from './cube.ts';
import { monthLabelSql, type Period } from './periods.ts';
import type { Place } from './places.ts';

/** The columns that place a row: its province and district, and a unit under the district where the section has one. */
export interface PlaceColumns {
  province: string;
  district: string;
  unit?: string;
}

export interface CountsQuery {
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
  const keys = [...(scope.month ? [`${scope.month} as "month"`] : []), `${query.place.province} as "province"`, `${query.place.district} as "district"`];
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

/** WHERE conditions (with their parameters) that keep the rows of a place. */
export function placeCondition(place: Place, columns: PlaceColumns): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (place.province) {
    conditions.push(`${columns.province} = ?`);
    params.push(place.province);
  }
  if (place.district) {
    conditions.push(`${columns.district} = ?`);
    params.push(place.district);
  }
  if (place.unit && columns.unit) {
    conditions.push(`${columns.unit} = ?`);
    params.push(place.unit);
  }
  return { conditions, params };
}

export interface Percentiles {
  /** Observations: rows where the measured expression is not null. */
  n: number;
  median: number | null;
  p90: number | null;
}

export async function percentiles(em: EntityManager, query: { from: string; where: readonly string[]; params: readonly unknown[]; of: string }): Promise<Percentiles> {
  const [row]: Record<string, string | number | null>[] = await em.getConnection().execute(
    `select count(${query.of})::int as "n",
            percentile_cont(0.5) within group (order by ${query.of}) as "median",
            percentile_cont(0.9) within group (order by ${query.of}) as "p90"
       from ${query.from}
      where ${query.where.join(' and ')}`,
    [...query.params],
  );
  const number = (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return { n: Number(row?.n ?? 0), median: number(row?.median), p90: number(row?.p90) };
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
