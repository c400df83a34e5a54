import { describe, expect, it } from 'vitest';
import {
  DEFAULT_K,
  assertValidK,
  safeRate,
  suppressStatistic,
  suppressSystem,
  type SafeCount,
  type SuppressionReason,
} from './suppression.ts';

const k = DEFAULT_K;
const shown = (value: number): SafeCount => ({ value, suppressed: null });
const hidden = (suppressed: SuppressionReason): SafeCount => ({ value: null, suppressed });
const SMALL = hidden('SMALL_COUNT');
const COMPLEMENTARY = hidden('COMPLEMENTARY');

// The systems below are the simplest a dashboard's year is made of (cube.ts): a count on its own, a
// breakdown (one equation) and a two-way table (a row and a column equation per cell, and both margins).

/** A count in no equation. */
const suppressCount = (count: number, kk: number) =>
  suppressSystem({ counts: new Map([['count', count]]), equations: [] }, kk).get('count');

/** A total and its cells, every unit counted in exactly one cell. */
interface CountBreakdown {
  total: number;
  cells: readonly { key: string; count: number }[];
}

const breakdown = (total: number, counts: Record<string, number>): CountBreakdown => ({
  total,
  cells: Object.entries(counts).map(([key, count]) => ({ key, count })),
});
const cellsOf = (counts: Record<string, SafeCount>) => Object.entries(counts).map(([key, count]) => ({ key, count }));

/** A breakdown as a system of one equation: the total (keyed "total"), then the cells by their keys. */
function suppressBreakdown({ total, cells }: CountBreakdown, kk: number): { total: SafeCount; cells: { key: string; count: SafeCount }[] } {
  const counts = new Map<string, number>([['total', total], ...cells.map(({ key, count }): [string, number] => [key, count])]);
  const safe = suppressSystem({ counts, equations: [{ total: 'total', members: cells.map((cell) => cell.key) }] }, kk);
  return { total: safe.get('total')!, cells: cells.map(({ key }) => ({ key, count: safe.get(key)! })) };
}

/** An additive two-way table, such as month × category; a missing entry is 0. */
interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

interface SafeTable {
  total: SafeCount;
  rows: { key: string; total: SafeCount; cells: { key: string; count: SafeCount }[] }[];
  columns: { key: string; total: SafeCount }[];
}

/**
 * A table as a system: each row with its total, each column with its total,
 * and the row totals and the column totals each with the grand total, all
 * summed from the cells. A cell is keyed "row|column", so that a row's or a
 * column's cells are in key order as its column or row keys are.
 */
function suppressTable({ rows, columns, counts }: CountTable, kk: number): SafeTable {
  const cell = (row: string, column: string) => `${row}|${column}`;
  const rowTotal = (row: string) => `row:${row}`;
  const columnTotal = (column: string) => `column:${column}`;
  const values = new Map<string, number>();
  for (const row of rows) for (const column of columns) values.set(cell(row, column), counts[row]?.[column] ?? 0);
  const sumOf = (keys: string[]) => keys.reduce((s, key) => s + values.get(key)!, 0);
  for (const row of rows) values.set(rowTotal(row), sumOf(columns.map((column) => cell(row, column))));
  for (const column of columns) values.set(columnTotal(column), sumOf(rows.map((row) => cell(row, column))));
  values.set('total', sumOf(rows.map(rowTotal)));
  const safe = suppressSystem(
    {
      counts: values,
      equations: [
        ...rows.map((row) => ({ total: rowTotal(row), members: columns.map((column) => cell(row, column)) })),
        ...columns.map((column) => ({ total: columnTotal(column), members: rows.map((row) => cell(row, column)) })),
        { total: 'total', members: rows.map(rowTotal) },
        { total: 'total', members: columns.map(columnTotal) },
      ],
    },
    kk,
  );
  return {
    total: safe.get('total')!,
    rows: rows.map((row) => ({
      key: row,
      total: safe.get(rowTotal(row))!,
      cells: columns.map((column) => ({ key: column, count: safe.get(cell(row, column))! })),
    })),
    columns: columns.map((column) => ({ key: column, total: safe.get(columnTotal(column))! })),
  };
}

describe('the threshold k', () => {
  it('defaults to 5 and must be an integer from 3 to 100', () => {
    expect(DEFAULT_K).toBe(5);
    for (const good of [3, 5, 100]) expect(() => assertValidK(good)).not.toThrow();
    for (const bad of [2, 101, 4.5, Number.NaN, 0, -5]) {
      expect(() => assertValidK(bad)).toThrow(/k must be an integer from 3 to 100/);
      expect(() => suppressCount(10, bad)).toThrow(/k must be an integer/);
    }
  });
});

describe('a single count', () => {
  it('withholds 1 to k−1 and publishes 0 and k or more', () => {
    expect(suppressCount(0, k)).toEqual(shown(0));
    expect(suppressCount(1, k)).toEqual(SMALL);
    expect(suppressCount(4, k)).toEqual(SMALL);
    expect(suppressCount(5, k)).toEqual(shown(5));
    expect(suppressCount(120, k)).toEqual(shown(120));
    expect(suppressCount(2, 3)).toEqual(SMALL);
    expect(suppressCount(3, 3)).toEqual(shown(3));
  });

  it('refuses what is not a count', () => {
    for (const bad of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => suppressCount(bad, k)).toThrow(/non-negative integer/);
  });
});

describe('a breakdown of a published total', () => {
  it('withholds a small cell, and the smallest other cell so that it cannot be recovered as the total minus the rest', () => {
    expect(suppressBreakdown(breakdown(20, { a: 12, b: 5, c: 3 }), k)).toEqual({
      total: shown(20),
      cells: cellsOf({ a: shown(12), b: COMPLEMENTARY, c: SMALL }),
    });
  });

  it('withholds more until the withheld cells add up to k or more: 1 + 1 = 2, then + 8 = 10', () => {
    expect(suppressBreakdown(breakdown(20, { a: 10, b: 1, c: 1, d: 8 }), k)).toEqual({
      total: shown(20),
      cells: cellsOf({ a: shown(10), b: SMALL, c: SMALL, d: COMPLEMENTARY }),
    });
  });

  it('keeps the total when all the cells have to go: 1 + 1 + 1 = 3, then + 20 = 23', () => {
    expect(suppressBreakdown(breakdown(23, { a: 1, b: 1, c: 1, d: 20 }), k)).toEqual({
      total: shown(23),
      cells: cellsOf({ a: SMALL, b: SMALL, c: SMALL, d: COMPLEMENTARY }),
    });
  });

  it('breaks ties between equal candidates by key', () => {
    expect(suppressBreakdown(breakdown(36, { b: 7, a: 7, c: 2, d: 20 }), k)).toEqual({
      total: shown(36),
      cells: cellsOf({ b: shown(7), a: COMPLEMENTARY, c: SMALL, d: shown(20) }),
    });
  });

  it('publishes zeros and counts of k or more as they are', () => {
    expect(suppressBreakdown(breakdown(25, { a: 0, b: 25, c: 0 }), k)).toEqual({
      total: shown(25),
      cells: cellsOf({ a: shown(0), b: shown(25), c: shown(0) }),
    });
    expect(suppressBreakdown(breakdown(0, { a: 0, b: 0 }), k)).toEqual({ total: shown(0), cells: cellsOf({ a: shown(0), b: shown(0) }) });
  });

  it('withholds the total as well when nothing else would hide the small cell: 6 = 5 + 1', () => {
    // Published, 6 with 1 SMALL_COUNT (1 to 4) and 5 COMPLEMENTARY (a picked cell is never small, so 5 or more) leaves only 5 + 1.
    expect(suppressBreakdown(breakdown(6, { a: 5, b: 1 }), k)).toEqual({
      total: COMPLEMENTARY,
      cells: cellsOf({ a: COMPLEMENTARY, b: COMPLEMENTARY }),
    });
  });
});

describe('a breakdown of a withheld total', () => {
  it('withholds every cell, zeros too, as COMPLEMENTARY', () => {
    expect(suppressBreakdown(breakdown(3, { a: 2, b: 1, c: 0 }), k)).toEqual({
      total: SMALL,
      cells: cellsOf({ a: COMPLEMENTARY, b: COMPLEMENTARY, c: COMPLEMENTARY }),
    });
  });

  it('so that k−1 ones under a small total are not pinned down', () => {
    // Were the cells shown as SMALL_COUNT (each at least 1) under a total of at most 4, all four would be exactly 1.
    expect(suppressBreakdown(breakdown(4, { a: 1, b: 1, c: 1, d: 1 }), k).cells.map((cell) => cell.count)).toEqual([
      COMPLEMENTARY,
      COMPLEMENTARY,
      COMPLEMENTARY,
      COMPLEMENTARY,
    ]);
  });
});

describe('inconsistent input', () => {
  it('is refused', () => {
    expect(() => suppressBreakdown(breakdown(20, { a: 12, b: 5 }), k)).toThrow('the members of "total" add up to 17, not to its 20');
    expect(() =>
      suppressBreakdown(
        {
          total: 2,
          cells: [
            { key: 'a', count: 1 },
            { key: 'a', count: 1 },
          ],
        },
        k,
      ),
    ).toThrow(/"a" is given twice/);
    expect(() => suppressBreakdown(breakdown(1, { a: -1, b: 2 }), k)).toThrow(/non-negative integer/);
    expect(() => suppressSystem({ counts: new Map([['total', 1]]), equations: [{ total: 'total', members: ['a'] }] }, k)).toThrow(
      'an equation names "a", which is not a count of the system',
    );
  });
});

describe('a two-way table', () => {
  it('protects rows and columns together until neither needs more', () => {
    //        c1  c2  c3 | 33 26 31, columns 37 22 31, grand total 90
    const result = suppressTable(
      {
        rows: ['r1', 'r2', 'r3'],
        columns: ['c1', 'c2', 'c3'],
        counts: { r1: { c1: 20, c2: 3, c3: 10 }, r2: { c1: 8, c2: 12, c3: 6 }, r3: { c1: 9, c2: 7, c3: 15 } },
      },
      k,
    );
    // Pass 1: r1 hides its 3, then (3 < 5) its 10; column c2 hides r3's 7; column c3 (only r1's 10 hidden) hides r2's 6.
    // Pass 2: r2 (only its 6 hidden) hides its 8; r3 (only its 7 hidden) hides its 9. Pass 3 changes nothing.
    expect(result).toEqual<SafeTable>({
      total: shown(90),
      rows: [
        { key: 'r1', total: shown(33), cells: cellsOf({ c1: shown(20), c2: SMALL, c3: COMPLEMENTARY }) },
        { key: 'r2', total: shown(26), cells: cellsOf({ c1: COMPLEMENTARY, c2: shown(12), c3: COMPLEMENTARY }) },
        { key: 'r3', total: shown(31), cells: cellsOf({ c1: COMPLEMENTARY, c2: COMPLEMENTARY, c3: shown(15) }) },
      ],
      columns: [
        { key: 'c1', total: shown(37) },
        { key: 'c2', total: shown(22) },
        { key: 'c3', total: shown(31) },
      ],
    });
    // The six hidden cells form one cycle, so one unknown t = r1·c2 stays free: r1·c3 = 13 − t, r3·c2 = 10 − t,
    // r3·c1 = 6 + t, r2·c1 = 11 − t, r2·c3 = 3 + t; with the reasons' bounds t is still any of 2, 3 or 4.
  });

  it('withholds another row when a row total is small, and with a withheld total its whole row', () => {
    //        x   y | 18 and 3, columns 12 and 9, grand total 21
    const result = suppressTable({ rows: ['r1', 'r2'], columns: ['x', 'y'], counts: { r1: { x: 10, y: 8 }, r2: { x: 2, y: 1 } } }, k);
    expect(result).toEqual<SafeTable>({
      total: shown(21),
      rows: [
        { key: 'r1', total: COMPLEMENTARY, cells: cellsOf({ x: COMPLEMENTARY, y: COMPLEMENTARY }) },
        { key: 'r2', total: SMALL, cells: cellsOf({ x: COMPLEMENTARY, y: COMPLEMENTARY }) },
      ],
      columns: [
        { key: 'x', total: shown(12) },
        { key: 'y', total: shown(9) },
      ],
    });
  });

  it('looks at the equations together: each alone would leave the small cells open', () => {
    //        c0 c1 | 6 and 13, columns 12 and 7, grand total 19
    // With 4 and 2 SMALL_COUNT and 8 and 5 COMPLEMENTARY (so 5 or more), column c1 gives 2 + 5 = 7, so its small cell is
    // at most 2, and row r0 then makes the other 4 exactly (6 − 2, and at most 4). Withholding row r0's total, and so
    // row r1's (else 19 − 13), withholds both rows.
    const result = suppressTable({ rows: ['r0', 'r1'], columns: ['c0', 'c1'], counts: { r0: { c0: 4, c1: 2 }, r1: { c0: 8, c1: 5 } } }, k);
    expect(result).toEqual<SafeTable>({
      total: shown(19),
      rows: [
        { key: 'r0', total: COMPLEMENTARY, cells: cellsOf({ c0: COMPLEMENTARY, c1: COMPLEMENTARY }) },
        { key: 'r1', total: COMPLEMENTARY, cells: cellsOf({ c0: COMPLEMENTARY, c1: COMPLEMENTARY }) },
      ],
      columns: [
        { key: 'c0', total: shown(12) },
        { key: 'c1', total: shown(7) },
      ],
    });
  });

  it('treats missing entries as 0 and publishes a table with nothing small unchanged', () => {
    expect(suppressTable({ rows: ['r1', 'r2'], columns: ['x', 'y'], counts: { r1: { x: 10 }, r2: { y: 7 } } }, k)).toEqual<SafeTable>({
      total: shown(17),
      rows: [
        { key: 'r1', total: shown(10), cells: cellsOf({ x: shown(10), y: shown(0) }) },
        { key: 'r2', total: shown(7), cells: cellsOf({ x: shown(0), y: shown(7) }) },
      ],
      columns: [
        { key: 'x', total: shown(10) },
        { key: 'y', total: shown(7) },
      ],
    });
  });
});

describe('rates and statistics', () => {
  const rate = (n: number, d: number) => n / d;

  it('computes a rate of published counts, and withholds one with a withheld side', () => {
    expect(safeRate(shown(30), shown(40), rate)).toEqual({ value: 0.75, suppressed: null });
    expect(safeRate(SMALL, shown(40), rate)).toEqual({ value: null, suppressed: 'RATE_OF_SUPPRESSED' });
    expect(safeRate(shown(30), COMPLEMENTARY, rate)).toEqual({ value: null, suppressed: 'RATE_OF_SUPPRESSED' });
  });

  it('leaves a rate over zero undefined rather than withheld', () => {
    expect(safeRate(shown(0), shown(0), rate)).toEqual({ value: null, suppressed: null });
  });

  it('withholds a statistic over 1 to k−1 observations', () => {
    expect(suppressStatistic(12.5, 4, k)).toEqual({ value: null, suppressed: 'SMALL_COUNT' });
    expect(suppressStatistic(12.5, 5, k)).toEqual({ value: 12.5, suppressed: null });
    expect(suppressStatistic(null, 0, k)).toEqual({ value: null, suppressed: null });
    expect(() => suppressStatistic(null, 5, k)).toThrow(/finite number/);
  });
});

// --- Safety invariants over random inputs, checked by brute force rather than by the module's own reasoning.

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCount(random: () => number): number {
  const roll = random();
  if (roll < 0.3) return 0;
  if (roll < 0.65) return 1 + Math.floor(random() * 4);
  return 5 + Math.floor(random() * 20);
}

const range = (lo: number, hi: number) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);

/**
 * For each withheld member of `total = published + withheld`, every value it
 * can take given the others' possible values: `domains` are the values each
 * could have as far as its reason says.
 */
function possibleValues(domains: readonly number[][], remainder: number): number[][] {
  const sumsOf = (others: readonly number[][]) => {
    let reachable = new Set([0]);
    for (const domain of others) {
      const next = new Set<number>();
      for (const s of reachable) for (const v of domain) if (s + v <= remainder) next.add(s + v);
      reachable = next;
    }
    return reachable;
  };
  return domains.map((domain, i) => {
    const others = sumsOf(domains.filter((_, j) => j !== i));
    return domain.filter((v) => v <= remainder && others.has(remainder - v));
  });
}

interface Equation {
  total: { raw: number; safe: SafeCount };
  members: { raw: number; safe: SafeCount; domain: number[] }[];
}

/** Published total: the withheld cells add to 0 or k+, are never a single count, and none is pinned to one value. */
function expectProtected(equation: Equation, kk: number, context: unknown) {
  const withheld = equation.members.filter((member) => member.safe.suppressed !== null);
  const withheldSum = withheld.reduce((s, member) => s + member.raw, 0);
  expect(withheldSum === 0 || withheldSum >= kk, `withheld sum ${withheldSum} in ${JSON.stringify(context)}`).toBe(true);
  expect(withheld.filter((member) => member.raw > 0).length, `one withheld count in ${JSON.stringify(context)}`).not.toBe(1);
  const remainder = equation.total.raw - equation.members.reduce((s, member) => s + (member.safe.value ?? 0), 0);
  const possible = possibleValues(
    withheld.map((member) => member.domain),
    remainder,
  );
  possible.forEach((values, i) => {
    expect(values, `true value missing in ${JSON.stringify(context)}`).toContain(withheld[i]!.raw);
    // Pinned to 0 reveals nobody.
    if (values.length === 1 && withheld[i]!.domain.length > 1) expect(values[0], `pinned in ${JSON.stringify(context)}`).toBe(0);
  });
}

function expectPublishedHonestly(raw: number, safe: SafeCount, kk: number) {
  expect(safe.value === null).toBe(safe.suppressed !== null);
  if (safe.value !== null) {
    expect(safe.value).toBe(raw);
    expect(raw === 0 || raw >= kk).toBe(true);
  }
}

/** What a reason says about a count (`withTotal`: it adds up to a withheld total), up to `cap`. */
function domainOf(safe: SafeCount, kk: number, cap: number, withTotal: boolean): number[] {
  if (safe.value !== null) return [safe.value];
  if (withTotal) return range(0, cap);
  switch (safe.suppressed) {
    case 'SMALL_COUNT':
      return range(1, Math.min(kk - 1, cap));
    case 'COMPLEMENTARY':
      return range(kk, cap);
    default:
      throw new Error(`a count withheld as ${safe.suppressed}`);
  }
}

describe('safety over random inputs', () => {
  it('holds for breakdowns', () => {
    const random = prng(20240521);
    for (let run = 0; run < 400; run++) {
      const kk = [3, 4, 5, 5][run % 4]!;
      const counts = Array.from({ length: 1 + Math.floor(random() * 5) }, () => randomCount(random));
      const total = counts.reduce((s, c) => s + c, 0);
      const input = { total, cells: counts.map((count, i) => ({ key: `c${i}`, count })) };
      const safe = suppressBreakdown(input, kk);
      expectPublishedHonestly(total, safe.total, kk);
      safe.cells.forEach((cell, i) => expectPublishedHonestly(counts[i]!, cell.count, kk));
      if (safe.total.value === null) {
        expect(safe.cells.every((cell) => cell.count.suppressed === 'COMPLEMENTARY')).toBe(true);
        continue;
      }
      const members = safe.cells.map((cell, i) => ({ raw: counts[i]!, safe: cell.count, domain: domainOf(cell.count, kk, total, false) }));
      expectProtected({ total: { raw: total, safe: safe.total }, members }, kk, { kk, counts });
    }
  });

  it('holds for two-way tables, row by row, column by column and along both margins', () => {
    const random = prng(1234);
    for (let run = 0; run < 300; run++) {
      const kk = [3, 5, 5][run % 3]!;
      const rows = range(1, 1 + Math.floor(random() * 4)).map((r) => `r${r}`);
      const columns = range(1, 1 + Math.floor(random() * 4)).map((c) => `c${c}`);
      const raw = rows.map(() => columns.map(() => randomCount(random)));
      const counts = Object.fromEntries(rows.map((row, r) => [row, Object.fromEntries(columns.map((column, c) => [column, raw[r]![c]!]))]));
      const safe = suppressTable({ rows, columns, counts }, kk);
      const context = { kk, raw };

      const cell = (r: number, c: number) => ({ raw: raw[r]![c]!, safe: safe.rows[r]!.cells[c]!.count });
      const rowTotal = (r: number) => ({ raw: raw[r]!.reduce((s, v) => s + v, 0), safe: safe.rows[r]!.total });
      const columnTotal = (c: number) => ({ raw: raw.reduce((s, row) => s + row[c]!, 0), safe: safe.columns[c]!.total });
      const grandTotal = { raw: raw.flat().reduce((s, v) => s + v, 0), safe: safe.total };
      const cap = grandTotal.raw;
      const equations: (Equation & { withTotal: boolean })[] = [];
      const add = (total: { raw: number; safe: SafeCount }, members: { raw: number; safe: SafeCount; withTotal: boolean }[]) =>
        equations.push({
          total,
          withTotal: total.safe.value === null,
          members: members.map((member) => ({ ...member, domain: domainOf(member.safe, kk, cap, member.withTotal) })),
        });
      const hiddenTotal = (total: { safe: SafeCount }) => total.safe.value === null;
      rows.forEach((_, r) =>
        add(
          rowTotal(r),
          columns.map((__, c) => ({ ...cell(r, c), withTotal: hiddenTotal(rowTotal(r)) || hiddenTotal(columnTotal(c)) })),
        ),
      );
      columns.forEach((_, c) =>
        add(
          columnTotal(c),
          rows.map((__, r) => ({ ...cell(r, c), withTotal: hiddenTotal(rowTotal(r)) || hiddenTotal(columnTotal(c)) })),
        ),
      );
      add(
        grandTotal,
        rows.map((_, r) => ({ ...rowTotal(r), withTotal: hiddenTotal(grandTotal) })),
      );
      add(
        grandTotal,
        columns.map((_, c) => ({ ...columnTotal(c), withTotal: hiddenTotal(grandTotal) })),
      );

      for (const equation of equations) {
        expectPublishedHonestly(equation.total.raw, equation.total.safe, kk);
        equation.members.forEach((member) => expectPublishedHonestly(member.raw, member.safe, kk));
        if (equation.withTotal)
          expect(
            equation.members.every((member) => member.safe.suppressed === 'COMPLEMENTARY'),
            JSON.stringify(context),
          ).toBe(true);
        else expectProtected(equation, kk, context);
      }
    }
  });

  it('holds for 2 × 2 tables taken as a whole, every equation at once', () => {
    const random = prng(4321);
    const rows = ['r0', 'r1'];
    const columns = ['c0', 'c1'];
    for (let run = 0; run < 200; run++) {
      const raw = rows.map(() => columns.map(() => Math.min(randomCount(random), 9)));
      const counts = Object.fromEntries(rows.map((row, r) => [row, Object.fromEntries(columns.map((column, c) => [column, raw[r]![c]!]))]));
      const safe = suppressTable({ rows, columns, counts }, k);
      const cap = raw.flat().reduce((s, v) => s + v, 0);
      const withTotal = (r: number, c: number) => safe.rows[r]!.total.value === null || safe.columns[c]!.total.value === null;
      const allowed = (count: SafeCount, underWithheldTotal: boolean) => new Set(domainOf(count, k, 2 * cap, underWithheldTotal));
      const columnTotals = safe.columns.map((column) => allowed(column.total, safe.total.value === null));
      const grandTotal = allowed(safe.total, false);
      // Each row as the reader can fill it in from its own total, then every pair of rows the columns and grand total allow.
      const rowFillings = raw.map((_, r) => {
        const [a, b] = columns.map((__, c) => domainOf(safe.rows[r]!.cells[c]!.count, k, cap, withTotal(r, c)));
        const rowTotal = allowed(safe.rows[r]!.total, safe.total.value === null);
        return a!.flatMap((x) => b!.filter((y) => rowTotal.has(x + y)).map((y) => [x, y]));
      });
      const seen = raw.map((row) => row.map(() => new Set<number>()));
      for (const top of rowFillings[0]!) {
        for (const bottom of rowFillings[1]!) {
          const columnSums = [top[0]! + bottom[0]!, top[1]! + bottom[1]!];
          if (!columnSums.every((v, c) => columnTotals[c]!.has(v)) || !grandTotal.has(columnSums[0]! + columnSums[1]!)) continue;
          [top, bottom].forEach((row, r) => row.forEach((v, c) => seen[r]![c]!.add(v)));
        }
      }
      raw.forEach((row, r) =>
        row.forEach((v, c) => {
          const context = JSON.stringify({ raw, r, c });
          expect(seen[r]![c]!.has(v), context).toBe(true);
          if (safe.rows[r]!.cells[c]!.count.value === null && v > 0) expect(seen[r]![c]!.size, context).toBeGreaterThan(1);
        }),
      );
    }
  });
});
