import type { EntityManager, EntitySchema } from '@mikro-orm/core';

/**
 * The next number of a gap-free series (a cell's case references, a court's
 * case numbers, a province's register numbers), in one statement: the
 * series' counter row (keyed by its code and year) is created at the number
 * after the highest already numbered (seeded rows included), or raised by
 * one; its row lock is held until the caller's transaction ends, so
 * concurrent writers take turns and a rolled-back one gives its number back.
 * The numbers are zero-padded to a fixed width, so the highest sorts last
 * and the lookup reads one entry of the numbered column's index.
 */
export async function nextGapFreeNumber(
  tx: EntityManager,
  series: {
    /** The counter's table: (`codeColumn`, year) → last_seq. */
    counter: EntitySchema;
    codeColumn: string;
    code: string;
    year: number;
    /** Where the numbers already given stand, and the prefix they share (`ARCC-PEW1-2026-`). */
    numbered: EntitySchema;
    numberColumn: string;
    prefix: string;
  },
): Promise<number> {
  const schema = tx.config.get('schema');
  const counter = `"${schema}"."${series.counter.meta.tableName}"`;
  const numbered = `"${schema}"."${series.numbered.meta.tableName}"`;
  const column = `"${series.numberColumn}"`;
  const row = await tx.getConnection().execute<{ last_seq: number }>(
    `insert into ${counter} ("${series.codeColumn}", "year", "last_seq")
     values (?, ?, 1 + coalesce((select substring(${column} from '[0-9]+$')::int from ${numbered} where ${column} like ? order by ${column} desc limit 1), 0))
     on conflict ("${series.codeColumn}", "year") do update set "last_seq" = ${counter}."last_seq" + 1
     returning "last_seq"`,
    [series.code, series.year, `${series.prefix}%`],
    'get',
    tx.getTransactionContext(),
  );
  return Number(row.last_seq);
}
