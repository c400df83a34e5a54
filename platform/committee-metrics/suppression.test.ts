import { describe, expect, it } from 'vitest';
import {
  DEFAULT_K,
  assertValidK,
  safeRate,
  suppressBreakdown,
  suppressCount,
  suppressCountAgainstParents,
  suppressProportion,
  suppressStatistic,
  suppressTable,
  type CountBreakdown,
  type SafeCount,
  type SafeTable,
  type SuppressionReason,
} from './suppression.ts';

const k = DEFAULT_K;
const shown = (value: number): SafeCount => ({ value, suppressed: null });
const hidden = (suppressed: SuppressionReason): SafeCount => ({ value: null, suppressed });
const SMALL = hidden('SMALL_COUNT');
const COMPLEMENTARY = hidden('COMPLEMENTARY');
const DIFFERENCING = hidden('DIFFERENCING');

const breakdown = (total: number, counts: Record<string, number>): CountBreakdown => ({
  total,
  cells: Object.entries(counts).map(([key, count]) => ({ key, count })),
});
const cellsOf = (counts: Record<string, SafeCount>) => Object.entries(counts).map(([key, count]) => ({ key, count }));

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
    expect(() => suppressBreakdown(breakdown(20, { a: 12, b: 5 }), k)).toThrow('the cells of a breakdown add up to 17, not to its total 20');
    expect(() => suppressBreakdown({ total: 2, cells: [{ key: 'a', count: 1 }, { key: 'a', count: 1 }] }, k)).toThrow(/"a" is given twice/);
    expect(() => suppressBreakdown(breakdown(1, { a: -1, b: 2 }), k)).toThrow(/non-negative integer/);
    expect(() => suppressTable({ rows: ['r'], columns: ['c'], counts: { r: { d: 1 } } }, k)).toThrow(/column "d" in row "r"/);
    expect(() => suppressTable({ rows: ['r'], columns: ['c'], counts: { s: { c: 1 } } }, k)).toThrow(/row "s"/);
    expect(() => suppressTable({ rows: ['r', 'r'], columns: ['c'], counts: {} }, k)).toThrow(/"r" is given twice/);
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

describe('a count under a published parent', () => {
  it('is withheld when the parent minus it is 1 to k−1', () => {
    expect(suppressCountAgainstParents(40, [42], k)).toEqual(DIFFERENCING); // 2 left in the rest of the province
    expect(suppressCountAgainstParents(37, [42], k)).toEqual(shown(37)); // 5 left
    expect(suppressCountAgainstParents(42, [42], k)).toEqual(shown(42)); // none left
    expect(suppressCountAgainstParents(0, [42], k)).toEqual(shown(0));
    expect(suppressCountAgainstParents(3, [42], k)).toEqual(SMALL);
  });

  it('says DIFFERENCING, not SMALL_COUNT, under a parent below 2k, where both readings would give the count away', () => {
    // Under 6: a 5 marked DIFFERENCING (so not small) would be exactly 5, a 1 marked SMALL_COUNT (so the rest, 5, not small) exactly 1.
    expect(suppressCountAgainstParents(5, [6], k)).toEqual(DIFFERENCING);
    expect(suppressCountAgainstParents(1, [6], k)).toEqual(DIFFERENCING);
    expect(suppressCountAgainstParents(4, [10], k)).toEqual(SMALL);
  });

  it('is checked against every parent up the chain, since it can equal its nearest one', () => {
    // A district holding all 30 of its province's cases, in a province 2 short of the national 32.
    expect(suppressCountAgainstParents(30, [30], k)).toEqual(shown(30));
    expect(suppressCountAgainstParents(30, [30, 32], k)).toEqual(DIFFERENCING);
    expect(suppressCountAgainstParents(30, [30, 35], k)).toEqual(shown(30));
  });

  it('cannot exceed its parent', () => {
    expect(() => suppressCountAgainstParents(43, [42], k)).toThrow('a parent count (42) cannot be smaller than the count under it (43)');
  });

  it('withholds a whole breakdown whose total is withheld against the parent total', () => {
    expect(suppressBreakdown(breakdown(40, { a: 25, b: 15 }), k, { parents: [{ total: 42 }] })).toEqual({
      total: DIFFERENCING,
      cells: cellsOf({ a: COMPLEMENTARY, b: COMPLEMENTARY }),
    });
    expect(suppressBreakdown(breakdown(37, { a: 25, b: 12 }), k, { parents: [{ total: 42 }] })).toEqual({
      total: shown(37),
      cells: cellsOf({ a: shown(25), b: shown(12) }),
    });
  });

  it('protects the cells against the parent cells, and the cells of the difference against each other', () => {
    // Province 50 = 31 + 19, district 40 = 30 + 10: a's difference is 1, so a goes, and b with it (else a = 40 − 10).
    expect(suppressBreakdown(breakdown(40, { a: 30, b: 10 }), k, { parents: [breakdown(50, { a: 31, b: 19 })] })).toEqual({
      total: shown(40),
      cells: cellsOf({ a: DIFFERENCING, b: COMPLEMENTARY }),
    });
    // Province 68 = 21 + 22 + 25, district 50 = 20 + 20 + 10: the differences 1 and 2 add up to 3 (the rest of the
    // province has 3 in a and b together), so c goes too, for the difference: the withheld differences then add up to 18.
    expect(suppressBreakdown(breakdown(50, { a: 20, b: 20, c: 10 }), k, { parents: [breakdown(68, { a: 21, b: 22, c: 25 })] })).toEqual({
      total: shown(50),
      cells: cellsOf({ a: DIFFERENCING, b: DIFFERENCING, c: DIFFERENCING }),
    });
  });

  it('requires the parent breakdown to match', () => {
    expect(() => suppressBreakdown(breakdown(10, { a: 10 }), k, { parents: [breakdown(12, { b: 12 })] })).toThrow(/same cell keys/);
    expect(() => suppressBreakdown(breakdown(10, { a: 10 }), k, { parents: [breakdown(12, { a: 11 })] })).toThrow(/add up to 11/);
    expect(() => suppressBreakdown(breakdown(10, { a: 10 }), k, { parents: [breakdown(9, { a: 9 })] })).toThrow(/cannot be smaller/);
  });
});

describe('rates and statistics', () => {
  const rate = (n: number, d: number) => n / d;

  it('computes a rate of published counts, and withholds one with a withheld side', () => {
    expect(safeRate(shown(30), shown(40), rate)).toEqual({ value: 0.75, suppressed: null });
    expect(safeRate(SMALL, shown(40), rate)).toEqual({ value: null, suppressed: 'RATE_OF_SUPPRESSED' });
    expect(safeRate(shown(30), DIFFERENCING, rate)).toEqual({ value: null, suppressed: 'RATE_OF_SUPPRESSED' });
  });

  it('leaves a rate over zero undefined rather than withheld', () => {
    expect(safeRate(shown(0), shown(0), rate)).toEqual({ value: null, suppressed: null });
  });

  it('protects a proportion as its part and the rest', () => {
    // 38 convictions of 40 trials decided would say 2 acquittals.
    expect(suppressProportion(38, 40, k)).toEqual({ part: COMPLEMENTARY, whole: shown(40), rate: { value: null, suppressed: 'RATE_OF_SUPPRESSED' } });
    expect(suppressProportion(30, 40, k)).toEqual({ part: shown(30), whole: shown(40), rate: { value: 0.75, suppressed: null } });
    expect(suppressProportion(3, 4, k)).toEqual({ part: COMPLEMENTARY, whole: SMALL, rate: { value: null, suppressed: 'RATE_OF_SUPPRESSED' } });
    expect(suppressProportion(0, 0, k)).toEqual({ part: shown(0), whole: shown(0), rate: { value: null, suppressed: null } });
    expect(suppressProportion(30, 40, k, { parents: [{ part: 31, whole: 50 }] }).part).toEqual(DIFFERENCING);
    expect(() => suppressProportion(41, 40, k)).toThrow(/cannot exceed its whole/);
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
  /** `harmlessAt`: a value that reveals nothing when pinned down (0 for a count; for a difference, the parent itself). */
  members: { raw: number; safe: SafeCount; domain: number[]; harmlessAt?: number }[];
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
    // A count its reason and parent alone pin down (1 under a parent of 1) is as protected as that parent is, where it is published.
    if (values.length === 1 && withheld[i]!.domain.length > 1) expect(values[0], `pinned in ${JSON.stringify(context)}`).toBe(withheld[i]!.harmlessAt ?? 0);
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
function domainOf(safe: SafeCount, kk: number, cap: number, withTotal: boolean, parents: readonly number[] = []): number[] {
  if (safe.value !== null) return [safe.value];
  const ceiling = Math.min(cap, ...parents);
  if (withTotal) return range(0, ceiling);
  // A count not marked DIFFERENCING has no small difference from any parent.
  const noSmallDifference = (v: number) => parents.every((p) => p - v < 1 || p - v >= kk);
  switch (safe.suppressed) {
    case 'SMALL_COUNT':
      return range(1, Math.min(kk - 1, ceiling)).filter(noSmallDifference);
    case 'COMPLEMENTARY':
      return range(kk, ceiling).filter(noSmallDifference);
    default:
      // DIFFERENCING: a difference from a parent is small (or, under a parent below 2k, the count is),
      // or it was picked to protect the differences, and then it and one of its differences are k or more.
      return range(1, ceiling).filter(
        (v) => (v < kk && parents.some((p) => p < 2 * kk)) || parents.some((p) => p - v >= 1 && p - v < kk) || (v >= kk && parents.some((p) => p - v >= kk)),
      );
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

  it('holds for breakdowns under parents, for the counts and for their differences from each parent', () => {
    const random = prng(7);
    for (let run = 0; run < 400; run++) {
      const kk = [3, 5][run % 2]!;
      const counts = Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomCount(random));
      const widen = (values: number[]) => values.map((count) => count + (random() < 0.4 ? 0 : randomCount(random)));
      const chain = [widen(counts)];
      if (run % 3 === 0) chain.push(widen(chain[0]!));
      const sumOf = (values: number[]) => values.reduce((s, c) => s + c, 0);
      const total = sumOf(counts);
      const cells = (values: number[]) => values.map((count, i) => ({ key: `c${i}`, count }));
      const safe = suppressBreakdown({ total, cells: cells(counts) }, kk, { parents: chain.map((values) => ({ total: sumOf(values), cells: cells(values) })) });
      const context = { kk, counts, chain };
      const all = [
        { raw: total, parents: chain.map(sumOf), safe: safe.total },
        ...safe.cells.map((cell, i) => ({ raw: counts[i]!, parents: chain.map((values) => values[i]!), safe: cell.count })),
      ];
      for (const { raw, parents, safe: count } of all) {
        expectPublishedHonestly(raw, count, kk);
        for (const p of parents) if (count.value !== null && raw > 0) expect(p - raw === 0 || p - raw >= kk, JSON.stringify(context)).toBe(true);
      }
      if (safe.total.value === null) {
        expect(safe.cells.every((cell) => cell.count.suppressed === 'COMPLEMENTARY')).toBe(true);
        continue;
      }
      const own = safe.cells.map((cell, i) => ({ raw: counts[i]!, safe: cell.count, domain: domainOf(cell.count, kk, total, false, all[i + 1]!.parents) }));
      expectProtected({ total: { raw: total, safe: safe.total }, members: own }, kk, context);
      for (const values of chain) {
        const difference = own.map((member, i) => ({
          raw: values[i]! - member.raw,
          safe: member.safe.value === null ? member.safe : shown(values[i]! - member.raw),
          domain: member.domain.map((v) => values[i]! - v).filter((v) => v >= 0),
          harmlessAt: values[i]!,
        }));
        const differenceTotal = sumOf(values) - total;
        expectProtected({ total: { raw: differenceTotal, safe: shown(differenceTotal) }, members: difference }, kk, context);
      }
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
      rows.forEach((_, r) => add(rowTotal(r), columns.map((__, c) => ({ ...cell(r, c), withTotal: hiddenTotal(rowTotal(r)) || hiddenTotal(columnTotal(c)) }))));
      columns.forEach((_, c) => add(columnTotal(c), rows.map((__, r) => ({ ...cell(r, c), withTotal: hiddenTotal(rowTotal(r)) || hiddenTotal(columnTotal(c)) }))));
      add(grandTotal, rows.map((_, r) => ({ ...rowTotal(r), withTotal: hiddenTotal(grandTotal) })));
      add(grandTotal, columns.map((_, c) => ({ ...columnTotal(c), withTotal: hiddenTotal(grandTotal) })));

      for (const equation of equations) {
        expectPublishedHonestly(equation.total.raw, equation.total.safe, kk);
        equation.members.forEach((member) => expectPublishedHonestly(member.raw, member.safe, kk));
        if (equation.withTotal) expect(equation.members.every((member) => member.safe.suppressed === 'COMPLEMENTARY'), JSON.stringify(context)).toBe(true);
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

  it('holds for tables under a parent table, for the counts and for their differences, equation by equation', () => {
    const random = prng(99);
    const rows = ['r1', 'r2', 'r3'];
    const columns = ['c1', 'c2'];
    const asCounts = (m: number[][]) => Object.fromEntries(rows.map((row, r) => [row, Object.fromEntries(columns.map((column, c) => [column, m[r]![c]!]))]));
    const sumOf = (values: number[]) => values.reduce((s, v) => s + v, 0);
    for (let run = 0; run < 200; run++) {
      const raw = rows.map(() => columns.map(() => randomCount(random)));
      const parent = raw.map((row) => row.map((v) => v + (random() < 0.4 ? 0 : randomCount(random))));
      const safe = suppressTable({ rows, columns, counts: asCounts(raw) }, k, { parents: [asCounts(parent)] });
      const context = { raw, parent };
      // Every count as [raw, parent, safe], and the table's equations as [total, members].
      type Term = { id: string; raw: number; parent: number; safe: SafeCount };
      const cell = (r: number, c: number): Term => ({ id: `${r}.${c}`, raw: raw[r]![c]!, parent: parent[r]![c]!, safe: safe.rows[r]!.cells[c]!.count });
      const rowTotal = (r: number): Term => ({ id: `${r}.`, raw: sumOf(raw[r]!), parent: sumOf(parent[r]!), safe: safe.rows[r]!.total });
      const columnOf = (m: number[][], c: number) => sumOf(m.map((row) => row[c]!));
      const columnTotal = (c: number): Term => ({ id: `.${c}`, raw: columnOf(raw, c), parent: columnOf(parent, c), safe: safe.columns[c]!.total });
      const grandTotal: Term = { id: '.', raw: sumOf(raw.flat()), parent: sumOf(parent.flat()), safe: safe.total };
      const equations: [Term, Term[]][] = [
        ...rows.map((_, r): [Term, Term[]] => [rowTotal(r), columns.map((__, c) => cell(r, c))]),
        ...columns.map((_, c): [Term, Term[]] => [columnTotal(c), rows.map((__, r) => cell(r, c))]),
        [grandTotal, rows.map((_, r) => rowTotal(r))],
        [grandTotal, columns.map((_, c) => columnTotal(c))],
      ];
      const underWithheldTotal = new Set(equations.flatMap(([total, members]) => (total.safe.value === null ? members.map((m) => m.id) : [])));
      for (const [total, members] of equations) {
        for (const term of [total, ...members]) {
          expectPublishedHonestly(term.raw, term.safe, k);
          if (term.safe.value !== null && term.raw > 0) expect(term.parent - term.raw === 0 || term.parent - term.raw >= k, JSON.stringify(context)).toBe(true);
        }
        if (total.safe.value === null) {
          expect(members.every((member) => member.safe.suppressed === 'COMPLEMENTARY'), JSON.stringify(context)).toBe(true);
          continue;
        }
        const own = members.map((m) => ({ ...m, domain: domainOf(m.safe, k, grandTotal.parent, underWithheldTotal.has(m.id), [m.parent]) }));
        expectProtected({ total, members: own }, k, context);
        const difference = own.map((m) => ({
          raw: m.parent - m.raw,
          safe: m.safe.value === null ? m.safe : shown(m.parent - m.raw),
          domain: m.domain.map((v) => m.parent - v).filter((v) => v >= 0),
          harmlessAt: m.parent,
        }));
        // With nothing under a total, the differences are the parent's own counts.
        if (total.raw > 0) expectProtected({ total: { raw: total.parent - total.raw, safe: shown(total.parent - total.raw) }, members: difference }, k, context);
      }
    }
  });
});
