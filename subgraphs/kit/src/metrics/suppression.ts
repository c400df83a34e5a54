/**
 * Small-cell suppression for published metrics: the pure step applied to
 * counts already aggregated in SQL, before they leave a subgraph. The rules,
 * the reason codes and what a reader can still tell from them are in
 * docs/metrics-suppression.md.
 */

export const SUPPRESSION_REASONS = ['SMALL_COUNT', 'COMPLEMENTARY', 'DIFFERENCING', 'RATE_OF_SUPPRESSED'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** A published count, or the reason it is withheld: `value` is null exactly when `suppressed` is set. */
export type SafeCount = { value: number; suppressed: null } | { value: null; suppressed: SuppressionReason };

/** A rate or statistic: also null, without a reason, when it is undefined (a zero denominator, no observations). */
export interface SafeRate {
  value: number | null;
  suppressed: SuppressionReason | null;
}

export const DEFAULT_K = 5;
/** With k = 2 a SMALL_COUNT would mean exactly 1. */
export const MIN_K = 3;
export const MAX_K = 100;

export function assertValidK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K || k > MAX_K) {
    throw new RangeError(`the suppression threshold k must be an integer from ${MIN_K} to ${MAX_K}, got ${k}`);
  }
}

/** 0 is published: it counts nobody. 1 to k−1 is withheld; k and more is published. */
export function suppressCount(count: number, k: number): SafeCount {
  return suppressCountAgainstParents(count, [], k);
}

/**
 * A count whose filter is narrower than filters published elsewhere (a
 * district within its province and all Pakistan, a month within its year):
 * withheld as well when one of those parent counts minus it is 1 to k−1,
 * which subtracting the two answers would reveal.
 */
export function suppressCountAgainstParents(count: number, parentCounts: readonly number[], k: number): SafeCount {
  assertValidK(k);
  const item = newItem(count, parentCounts);
  suppress([item], [], k);
  return safeCountOf(item);
}

export interface CountCell {
  key: string;
  count: number;
}

/** A total and its exhaustive breakdown: every unit counted in exactly one cell. */
export interface CountBreakdown {
  total: number;
  cells: readonly CountCell[];
}

/** A breakdown under a wider filter: the total alone, or with cells (the same keys) to protect the cells against it too. */
export interface ParentBreakdown {
  total: number;
  cells?: readonly CountCell[];
}

export interface SafeCell {
  key: string;
  count: SafeCount;
}

export interface SafeBreakdown {
  total: SafeCount;
  cells: SafeCell[];
}

/** `parents`: the same breakdown under each wider filter published elsewhere, nearest first. */
export function suppressBreakdown(breakdown: CountBreakdown, k: number, options: { parents?: readonly ParentBreakdown[] } = {}): SafeBreakdown {
  assertValidK(k);
  assertAddsUp(breakdown, 'breakdown');
  const parents = options.parents ?? [];
  const parentCells = parents.map((parent) => (parent.cells ? parentCellsByKey(breakdown, { total: parent.total, cells: parent.cells }) : null));
  const total = newItem(breakdown.total, parents.map((parent) => parent.total));
  const members = breakdown.cells.map(({ key, count }) => ({ key, item: newItem(count, parentCells.map((cells) => cells?.get(key) ?? null)) }));
  suppress([total, ...members.map((member) => member.item)], [{ total, members }], k);
  return { total: safeCountOf(total), cells: members.map(({ key, item }) => ({ key, count: safeCountOf(item) })) };
}

/** Counts by row key, then column key; a missing entry is 0 (SQL leaves empty groups out). */
export type CountsByRow = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** An additive two-way table, such as month × category: each unit counted in exactly one cell. */
export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  counts: CountsByRow;
}

export interface SafeTable {
  total: SafeCount;
  rows: { key: string; total: SafeCount; cells: SafeCell[] }[];
  columns: { key: string; total: SafeCount }[];
}

/**
 * Row, column and grand totals are summed from the cells. Every row and
 * column with its total, and both margins with the grand total, are
 * protected together until nothing more needs withholding. `parents` are the
 * same table under wider filters, cell for cell.
 */
export function suppressTable(table: CountTable, k: number, options: { parents?: readonly CountsByRow[] } = {}): SafeTable {
  assertValidK(k);
  assertUniqueKeys(table.rows, 'table row');
  assertUniqueKeys(table.columns, 'table column');
  const counts = countMatrix(table, table.counts, 'counts');
  const parentCounts = (options.parents ?? []).map((parent, i) => countMatrix(table, parent, `parent table ${i + 1}`));
  const cells = counts.map((row, r) => row.map((count, c) => newItem(count, parentCounts.map((parent) => parent[r]![c]!))));
  const totalOf = (items: readonly Item[]) =>
    newItem(
      sum(items.map((item) => item.value)),
      parentCounts.map((_, i) => sum(items.map((item) => item.parents[i]!))),
    );
  const rowTotals = cells.map(totalOf);
  const columnCells = table.columns.map((_, c) => cells.map((row) => row[c]!));
  const columnTotals = columnCells.map(totalOf);
  const grandTotal = totalOf(rowTotals);

  const keyed = (keys: readonly string[], items: readonly Item[]) => items.map((item, i) => ({ key: keys[i]!, item }));
  const groups: Group[] = [
    ...cells.map((row, r) => ({ total: rowTotals[r]!, members: keyed(table.columns, row) })),
    ...columnCells.map((column, c) => ({ total: columnTotals[c]!, members: keyed(table.rows, column) })),
    { total: grandTotal, members: keyed(table.rows, rowTotals) },
    { total: grandTotal, members: keyed(table.columns, columnTotals) },
  ];
  suppress([...cells.flat(), ...rowTotals, ...columnTotals, grandTotal], groups, k);
  return {
    total: safeCountOf(grandTotal),
    rows: table.rows.map((key, r) => ({
      key,
      total: safeCountOf(rowTotals[r]!),
      cells: table.columns.map((column, c) => ({ key: column, count: safeCountOf(cells[r]![c]!) })),
    })),
    columns: table.columns.map((key, c) => ({ key, total: safeCountOf(columnTotals[c]!) })),
  };
}

/** Withheld when either side is; undefined (null, not withheld) over a zero denominator. */
export function safeRate(numerator: SafeCount, denominator: SafeCount, compute: (numerator: number, denominator: number) => number): SafeRate {
  if (numerator.value === null || denominator.value === null) return { value: null, suppressed: 'RATE_OF_SUPPRESSED' };
  if (denominator.value === 0) return { value: null, suppressed: null };
  return { value: compute(numerator.value, denominator.value), suppressed: null };
}

export interface SafeProportion {
  part: SafeCount;
  whole: SafeCount;
  /** part ÷ whole, from 0 to 1. */
  rate: SafeRate;
}

/**
 * A proportion (convictions of trials decided, say) publishes its part and
 * whole, and so their difference too: the two are protected as a breakdown
 * of the whole into the part and the rest.
 */
export function suppressProportion(
  part: number,
  whole: number,
  k: number,
  options: { parents?: readonly { part: number; whole: number }[] } = {},
): SafeProportion {
  const split = (p: number, w: number): CountBreakdown => {
    if (p > w) throw new RangeError(`a proportion's part (${p}) cannot exceed its whole (${w})`);
    return {
      total: w,
      cells: [
        { key: 'part', count: p },
        { key: 'rest', count: w - p },
      ],
    };
  };
  const parents = (options.parents ?? []).map((parent) => split(parent.part, parent.whole));
  const safe = suppressBreakdown(split(part, whole), k, { parents });
  const safePart = safe.cells[0]!.count;
  return { part: safePart, whole: safe.total, rate: safeRate(safePart, safe.total, (n, d) => n / d) };
}

/** A statistic (a median, a percentile) over n observations is withheld when n is 1 to k−1. */
export function suppressStatistic(value: number | null, n: number, k: number): SafeRate {
  assertValidK(k);
  assertCount(n, 'the number of observations');
  if (n === 0) return { value: null, suppressed: null };
  if (isSmall(n, k)) return { value: null, suppressed: 'SMALL_COUNT' };
  if (value === null || !Number.isFinite(value)) throw new RangeError(`a statistic over ${n} observations must be a finite number, got ${value}`);
  return { value, suppressed: null };
}

// --- The engine: counts tied by equations (total = sum of members), withheld until no equation gives one away.

/**
 * Why a count is withheld, in more detail than the public reason: each case
 * tells a reader something different about the count (see `ownDomain`).
 */
type Withheld =
  | { why: 'SMALL' }
  /** The count, or its difference from a parent, is small, and the parents alone do not say which. */
  | { why: 'DIFFERENCE' }
  /** A published count withheld so that a withheld one cannot be worked out. */
  | { why: 'PICKED' }
  /** The same, to protect differences from parent `parent`. */
  | { why: 'PICKED_FOR_DIFFERENCE'; parent: number }
  /** Withheld because a total it adds up to is. */
  | { why: 'WITH_TOTAL' };

const REASON: Record<Withheld['why'], SuppressionReason> = {
  SMALL: 'SMALL_COUNT',
  DIFFERENCE: 'DIFFERENCING',
  PICKED: 'COMPLEMENTARY',
  PICKED_FOR_DIFFERENCE: 'DIFFERENCING',
  WITH_TOTAL: 'COMPLEMENTARY',
};

interface Item {
  value: number;
  /** The same count under each parent filter, nearest first; null where that parent is not broken down this way. */
  parents: readonly (number | null)[];
  withheld: Withheld | null;
}

/** The equation total = sum of members; members are keyed for deterministic tie-breaks. */
interface Group {
  total: Item;
  members: readonly { key: string; item: Item }[];
}

/** Each equation holds for the counts ('OWN') and for their differences from parent i (i). */
type View = 'OWN' | number;

interface Interval {
  lo: number;
  hi: number;
}

function newItem(value: number, parents: readonly (number | null)[]): Item {
  assertCount(value, 'a count');
  for (const parent of parents) {
    if (parent === null) continue;
    assertCount(parent, 'a parent count');
    if (parent < value) throw new RangeError(`a parent count (${parent}) cannot be smaller than the count under it (${value})`);
  }
  return { value, parents, withheld: null };
}

function suppress(items: readonly Item[], groups: readonly Group[], k: number): void {
  for (const item of items) item.withheld = primaryReason(item, k);
  while (withholdMembersOfWithheldTotals(groups) || protectWithheldSums(groups, k) || unpinOne(items, groups, k)) {
    // Each step withholds one more count or marks some WITH_TOTAL, and undoes neither, so this ends.
  }
}

function primaryReason(item: Item, k: number): Withheld | null {
  const parents = knownParents(item);
  const small = isSmall(item.value, k);
  // A 0 under a parent reveals only the parent itself, which is protected where it is published.
  const smallDifference = item.value > 0 && parents.some((parent) => isSmall(parent - item.value, k));
  if (!small && !smallDifference) return null;
  // Under a parent below 2k the count and its difference can both be small, and saying which one is would give the count away.
  return small && parents.every((parent) => parent >= 2 * k) ? { why: 'SMALL' } : { why: 'DIFFERENCE' };
}

/**
 * A withheld total withholds every member, zeros too, under one reason:
 * published zeros, or SMALL_COUNT on members (each at least 1), under a
 * total known to be small could pin the members down.
 */
function withholdMembersOfWithheldTotals(groups: readonly Group[]): boolean {
  let changed = false;
  for (const group of groups) {
    if (group.total.withheld === null) continue;
    for (const { item } of group.members) {
      if (item.withheld?.why === 'WITH_TOTAL') continue;
      item.withheld = { why: 'WITH_TOTAL' };
      changed = true;
    }
  }
  return changed;
}

/**
 * Under a published total the withheld members add up to the total minus
 * the published ones: that sum must be neither small nor a single count.
 * Withholds one more count where it is.
 */
function protectWithheldSums(groups: readonly Group[], k: number): boolean {
  for (const group of groups) {
    if (group.total.withheld !== null) continue;
    for (const view of viewsOf(group)) {
      // With nothing under the total, its differences are the parent's own counts.
      if (view !== 'OWN' && group.total.value === 0) continue;
      const valueOf = (item: Item) => valueIn(view, item);
      const withheld = group.members.map((member) => member.item).filter((item) => item.withheld !== null);
      const withheldSum = sum(withheld.map(valueOf));
      const single = withheld.filter((item) => valueOf(item) > 0).length === 1;
      if (!isSmall(withheldSum, k) && !single) continue;
      (complementaryCandidate(group, view, k) ?? group.total).withheld = pickedIn(view);
      return true;
    }
  }
  return false;
}

/**
 * A withheld count that the equations together pin to one value, when its
 * reason alone left it open, gets a published neighbour withheld with it.
 */
function unpinOne(items: readonly Item[], groups: readonly Group[], k: number): boolean {
  const known = readerKnowledge(items, groups, k);
  for (const item of items) {
    if (item.withheld === null || !isPinned(known.get(item)!, ownDomain(item, k))) continue;
    // The equations it is a member of under a published total; none means no more can be done (a grand total).
    const groupsOfItem = groups.filter((group) => group.total.withheld === null && group.members.some((member) => member.item === item));
    if (groupsOfItem.length === 0) continue;
    const next = firstDefined(groupsOfItem.map((group) => complementaryCandidate(group, 'OWN', k))) ?? groupsOfItem[0]!.total;
    next.withheld = pickedIn('OWN');
    return true;
  }
  return false;
}

/** Pinned to one count, when its reason alone left it open. Pinned to 0 reveals nobody. */
function isPinned(known: Domain, own: Domain): boolean {
  const value = singleValue(known);
  return value !== null && value > 0 && singleValue(own) === null;
}

/**
 * The smallest published non-zero member (in the view), ties broken by key:
 * the least information lost. A count its reason and parents would pin down
 * anyway is no use.
 */
function complementaryCandidate(group: Group, view: View, k: number): Item | undefined {
  const valueOf = (item: Item) => valueIn(view, item);
  const hides = (item: Item) => singleValue(ownDomain({ ...item, withheld: pickedIn(view) }, k)) === null;
  const candidates = group.members.filter(({ item }) => item.withheld === null && item.value > 0 && valueOf(item) > 0 && hides(item));
  candidates.sort((a, b) => valueOf(a.item) - valueOf(b.item) || compareKeys(a.key, b.key));
  return candidates[0]?.item;
}

function pickedIn(view: View): Withheld {
  return view === 'OWN' ? { why: 'PICKED' } : { why: 'PICKED_FOR_DIFFERENCE', parent: view };
}

/**
 * What a reader can tell about each count: what its reason says, narrowed by
 * every equation in every view in turn until none narrows any further.
 */
function readerKnowledge(items: readonly Item[], groups: readonly Group[], k: number): Map<Item, Domain> {
  const known = new Map(items.map((item) => [item, ownDomain(item, k)]));
  let narrowed = true;
  while (narrowed) {
    narrowed = false;
    for (const group of groups) {
      for (const view of viewsOf(group)) narrowed = narrowByEquation(group, view, known) || narrowed;
    }
  }
  return known;
}

/** total = sum of members: each member is the total minus the others, and the total their sum. */
function narrowByEquation(group: Group, view: View, known: Map<Item, Domain>): boolean {
  const items = [group.total, ...group.members.map((member) => member.item)];
  const [total, ...members] = items.map((item) => inView(view, item, known.get(item)!));
  const zero: Domain = [{ lo: 0, hi: 0 }];
  // Sums of the members before and after each one, so that "all the others" costs one addition.
  const before = members.reduce<Domain[]>((sums, member) => [...sums, plus(sums.at(-1)!, member)], [zero]);
  const after = members.reduceRight<Domain[]>((sums, member) => [plus(sums[0]!, member), ...sums], [zero]);
  const narrowed = [
    intersect(total!, before.at(-1)!),
    ...members.map((member, i) => intersect(member, minus(total!, plus(before[i]!, after[i + 1]!)))),
  ];
  let changed = false;
  items.forEach((item, i) => {
    const previous = inView(view, item, known.get(item)!);
    const next = narrowed[i]!;
    if (next.length === previous.length && next.every((interval, j) => sameInterval(interval, previous[j]!))) return;
    known.set(item, inView(view, item, next));
    changed = true;
  });
  return changed;
}

/** What a reader who knows the reason and the parents can tell about a count on its own. */
function ownDomain(item: Item, k: number): Domain {
  const parents = knownParents(item);
  const ceiling = Math.min(...parents);
  // Any reason but DIFFERENCING says that no difference from a parent is small.
  const smallDifferences = parents.map((parent) => ({ lo: parent - k + 1, hi: parent - 1 }));
  const withoutSmallDifferences = (interval: Interval) => without([interval], smallDifferences);
  switch (item.withheld?.why) {
    case undefined:
      return [{ lo: item.value, hi: item.value }];
    case 'SMALL':
      return withoutSmallDifferences({ lo: 1, hi: Math.min(k - 1, ceiling) });
    case 'DIFFERENCE': {
      const smallUnderSmallParent = parents.some((parent) => parent < 2 * k) ? [{ lo: 1, hi: k - 1 }] : [];
      return within(normalized([...smallUnderSmallParent, ...smallDifferences]), { lo: 1, hi: ceiling });
    }
    // Only published counts are picked: not small, and not 0 (withholding a 0 would protect nothing).
    case 'PICKED':
      return withoutSmallDifferences({ lo: k, hi: ceiling });
    case 'PICKED_FOR_DIFFERENCE':
      return withoutSmallDifferences({ lo: k, hi: Math.min(ceiling, item.parents[item.withheld.parent]! - k) });
    case 'WITH_TOTAL':
      return [{ lo: 0, hi: ceiling }];
  }
}

function viewsOf(group: Group): View[] {
  const items = [group.total, ...group.members.map((member) => member.item)];
  const parentViews = group.total.parents.flatMap((_, i) => (items.every((item) => item.parents[i] !== null) ? [i] : []));
  return ['OWN', ...parentViews];
}

function valueIn(view: View, item: Item): number {
  return view === 'OWN' ? item.value : item.parents[view]! - item.value;
}

/** Counts as differences from a parent, and back. */
function inView(view: View, item: Item, domain: Domain): Domain {
  if (view === 'OWN') return domain;
  const parent = item.parents[view]!;
  return domain.map((interval) => ({ lo: parent - interval.hi, hi: parent - interval.lo })).reverse();
}

// --- Domains: the counts a reader cannot rule out, as disjoint intervals in increasing order.

type Domain = readonly Interval[];

function normalized(intervals: readonly Interval[]): Domain {
  const sorted = intervals.filter((interval) => interval.lo <= interval.hi).sort((a, b) => a.lo - b.lo);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.lo <= last.hi + 1) last.hi = Math.max(last.hi, interval.hi);
    else merged.push({ ...interval });
  }
  return merged;
}

function within(domain: Domain, range: Interval): Domain {
  return intersect(domain, [range]);
}

function intersect(a: Domain, b: Domain): Domain {
  const common = normalized(a.flatMap((x) => b.map((y) => ({ lo: Math.max(x.lo, y.lo), hi: Math.min(x.hi, y.hi) }))));
  // Everything a reader is credited with knowing holds for the true counts, so some value always remains.
  if (common.length === 0) throw new Error('suppression reasoning ruled out the true count: its model of a reader is wrong');
  return common;
}

function plus(a: Domain, b: Domain): Domain {
  return normalized(a.flatMap((x) => b.map((y) => ({ lo: x.lo + y.lo, hi: x.hi + y.hi }))));
}

function minus(a: Domain, b: Domain): Domain {
  return normalized(a.flatMap((x) => b.map((y) => ({ lo: x.lo - y.hi, hi: x.hi - y.lo }))));
}

function without(domain: Domain, cuts: readonly Interval[]): Domain {
  let remaining = [...domain];
  for (const cut of cuts) {
    remaining = remaining.flatMap((interval) => [
      { lo: interval.lo, hi: Math.min(interval.hi, cut.lo - 1) },
      { lo: Math.max(interval.lo, cut.hi + 1), hi: interval.hi },
    ]);
  }
  return normalized(remaining);
}

function singleValue(domain: Domain): number | null {
  return domain.length === 1 && domain[0]!.lo === domain[0]!.hi ? domain[0]!.lo : null;
}

function sameInterval(a: Interval, b: Interval): boolean {
  return a.lo === b.lo && a.hi === b.hi;
}

// --- Small helpers and input checks.

function safeCountOf(item: Item): SafeCount {
  return item.withheld === null ? { value: item.value, suppressed: null } : { value: null, suppressed: REASON[item.withheld.why] };
}

function knownParents(item: Item): number[] {
  return item.parents.filter((parent): parent is number => parent !== null);
}

function firstDefined<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

function isSmall(count: number, k: number): boolean {
  return count >= 1 && count < k;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Code-unit order, the same in every locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

function assertUniqueKeys(keys: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new RangeError(`${what} key "${key}" is given twice`);
    seen.add(key);
  }
}

function assertAddsUp(breakdown: CountBreakdown, what: string): void {
  assertUniqueKeys(
    breakdown.cells.map((cell) => cell.key),
    `${what} cell`,
  );
  for (const cell of breakdown.cells) assertCount(cell.count, `${what} cell "${cell.key}"`);
  const cellSum = sum(breakdown.cells.map((cell) => cell.count));
  if (cellSum !== breakdown.total) throw new RangeError(`the cells of a ${what} add up to ${cellSum}, not to its total ${breakdown.total}`);
}

function parentCellsByKey(breakdown: CountBreakdown, parent: Required<ParentBreakdown>): Map<string, number> {
  assertAddsUp(parent, 'parent breakdown');
  const byKey = new Map(parent.cells.map((cell) => [cell.key, cell.count]));
  const sameKeys = byKey.size === breakdown.cells.length && breakdown.cells.every((cell) => byKey.has(cell.key));
  if (!sameKeys) throw new RangeError('a breakdown and its parent must have the same cell keys');
  return byKey;
}

/** The table's counts as a matrix in row and column order; an entry outside the table is refused. */
function countMatrix(table: CountTable, counts: CountsByRow, what: string): number[][] {
  const rows = new Set(table.rows);
  const columns = new Set(table.columns);
  for (const [row, byColumn] of Object.entries(counts)) {
    if (!rows.has(row)) throw new RangeError(`${what} has row "${row}", which is not a row of the table`);
    for (const column of Object.keys(byColumn)) {
      if (!columns.has(column)) throw new RangeError(`${what} has column "${column}" in row "${row}", which is not a column of the table`);
    }
  }
  return table.rows.map((row) =>
    table.columns.map((column) => {
      const byColumn = Object.hasOwn(counts, row) ? counts[row]! : {};
      const count = Object.hasOwn(byColumn, column) ? byColumn[column]! : 0;
      assertCount(count, `${what} [${row}][${column}]`);
      return count;
    }),
  );
}
