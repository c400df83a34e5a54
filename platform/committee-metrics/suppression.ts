/**
 * Small-cell suppression for published metrics: the pure step applied to
 * counts already aggregated in SQL, before they leave a subgraph. The rules,
 * the reason codes and what a reader can still tell from them are in
 * docs/metrics.md ("Small-count suppression").
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

/**
 * Counts tied by any number of additive equations, each a total and the
 * members that add up to it: a year of figures by month, place and category
 * at once, where a month is a member of its year and a district of its
 * province. Every equation is protected as a breakdown is, all of them
 * together, so that one figure is withheld or published the same way
 * wherever it appears. Keys order the tie-breaks.
 */
export interface CountSystem {
  counts: ReadonlyMap<string, number>;
  equations: readonly { total: string; members: readonly string[] }[];
}

export function suppressSystem(system: CountSystem, k: number): Map<string, SafeCount> {
  assertValidK(k);
  const items = new Map([...system.counts].map(([key, count]) => [key, newItem(count, [])]));
  const itemOf = (key: string) => {
    const item = items.get(key);
    if (!item) throw new RangeError(`an equation names "${key}", which is not a count of the system`);
    return item;
  };
  const groups = system.equations.map(({ total, members }) => {
    assertUniqueKeys(members, 'equation member');
    const group = { total: itemOf(total), members: members.map((key) => ({ key, item: itemOf(key) })) };
    const memberSum = sum(group.members.map((member) => member.item.value));
    if (memberSum !== group.total.value) throw new RangeError(`the members of "${total}" add up to ${memberSum}, not to its ${group.total.value}`);
    return group;
  });
  suppress([...items.values()], groups, k);
  return new Map([...items].map(([key, item]) => [key, safeCountOf(item)]));
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
  const system = new System(items, groups);
  while (withholdMembersOfWithheldTotals(system) || protectWithheldSums(system, k) || unpinPinned(system, k)) {
    // Each step withholds more counts or marks some WITH_TOTAL, and undoes none, so this ends.
  }
}

/**
 * The counts and their equations, indexed for a large system (a year of
 * figures by month, district and measure: tens of thousands of counts): each
 * count's equations, the equations that changed since they were last found
 * safe, and the withheld totals whose members are yet to be withheld with them.
 */
class System {
  readonly items: readonly Item[];
  readonly groups: readonly Group[];
  /** Each equation's counts, its total first. */
  readonly countsOf: readonly Item[][];
  private readonly groupsByItem = new Map<Item, number[]>();
  /** Equations whose counts changed since protectWithheldSums last found them safe; none below `firstUnchecked`. */
  private readonly unchecked: Uint8Array;
  private firstUnchecked = 0;
  /** Equations whose total is withheld and whose members may not all be yet. */
  private readonly withheldTotals: number[] = [];

  constructor(items: readonly Item[], groups: readonly Group[]) {
    this.items = items;
    this.groups = groups;
    this.countsOf = groups.map((group) => [group.total, ...group.members.map((member) => member.item)]);
    this.countsOf.forEach((counts, index) => {
      for (const item of counts) {
        const list = this.groupsByItem.get(item);
        if (list) list.push(index);
        else this.groupsByItem.set(item, [index]);
      }
      if (counts[0]!.withheld !== null) this.withheldTotals.push(index);
    });
    this.unchecked = new Uint8Array(groups.length).fill(1);
  }

  groupsOf(item: Item): readonly number[] {
    return this.groupsByItem.get(item) ?? [];
  }

  withhold(item: Item, withheld: Withheld): void {
    item.withheld = withheld;
    for (const index of this.groupsOf(item)) {
      this.unchecked[index] = 1;
      if (index < this.firstUnchecked) this.firstUnchecked = index;
      if (this.groups[index]!.total === item) this.withheldTotals.push(index);
    }
  }

  /** The first equation (in order) not known to be safe, or -1. */
  nextUnchecked(): number {
    while (this.firstUnchecked < this.unchecked.length && this.unchecked[this.firstUnchecked] === 0) this.firstUnchecked++;
    return this.firstUnchecked < this.unchecked.length ? this.firstUnchecked : -1;
  }

  checked(index: number): void {
    this.unchecked[index] = 0;
  }

  nextWithheldTotal(): number | undefined {
    return this.withheldTotals.pop();
  }

  /** The same structure by position, for boundsKnowledge: each count's index, each equation's count indexes, each count's equations. */
  indexed(): { indexOf: Map<Item, number>; members: Int32Array[]; groupsOfIndex: (readonly number[])[] } {
    if (!this.byIndex) {
      const indexOf = new Map(this.items.map((item, i) => [item, i]));
      this.byIndex = {
        indexOf,
        members: this.countsOf.map((counts) => Int32Array.from(counts, (item) => indexOf.get(item)!)),
        groupsOfIndex: this.items.map((item) => this.groupsOf(item)),
      };
    }
    return this.byIndex;
  }

  private byIndex?: { indexOf: Map<Item, number>; members: Int32Array[]; groupsOfIndex: (readonly number[])[] };
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
function withholdMembersOfWithheldTotals(system: System): boolean {
  let changed = false;
  for (let index = system.nextWithheldTotal(); index !== undefined; index = system.nextWithheldTotal()) {
    for (const { item } of system.groups[index]!.members) {
      if (item.withheld?.why === 'WITH_TOTAL') continue;
      system.withhold(item, { why: 'WITH_TOTAL' });
      changed = true;
    }
  }
  return changed;
}

/**
 * Under a published total the withheld members add up to the total minus
 * the published ones: that sum must be neither small nor a single count.
 * Withholds one more count where it is, in the first equation (in order)
 * where it is; equations found safe are not looked at again until one of
 * their counts changes.
 */
function protectWithheldSums(system: System, k: number): boolean {
  for (let index = system.nextUnchecked(); index !== -1; index = system.nextUnchecked()) {
    const group = system.groups[index]!;
    if (group.total.withheld === null) {
      for (const view of viewsOf(group)) {
        // With nothing under the total, its differences are the parent's own counts.
        if (view !== 'OWN' && group.total.value === 0) continue;
        let withheldSum = 0;
        let withheldNonZero = 0;
        for (const { item } of group.members) {
          if (item.withheld === null) continue;
          const value = valueIn(view, item);
          withheldSum += value;
          if (value > 0) withheldNonZero++;
        }
        if (!isSmall(withheldSum, k) && withheldNonZero !== 1) continue;
        system.withhold(complementaryCandidate(group, view, k) ?? group.total, pickedIn(view));
        return true;
      }
    }
    system.checked(index);
  }
  return false;
}

/**
 * A withheld count that the equations together pin to one value, when its
 * reason alone left it open, gets a published neighbour withheld with it.
 * Every count pinned down by one reading of the equations is unpinned in the
 * same round, in order, except one that shares an equation with a count
 * unpinned or withheld earlier in the round: it waits for the next reading,
 * which that neighbour may already have made enough.
 */
function unpinPinned(system: System, k: number): boolean {
  const known = readerKnowledge(system, k);
  const touched = new Set<number>();
  let changed = false;
  for (const item of system.items) {
    if (item.withheld === null || !isPinned(known(item), ownDomain(item, k))) continue;
    // The equations it is a member of under a published total; none means no more can be done (a grand total).
    const groupsOfItem = system.groupsOf(item).filter(
      (index) => system.groups[index]!.total !== item && system.groups[index]!.total.withheld === null,
    );
    const neighbourhood = system.groupsOf(item);
    if (groupsOfItem.length === 0 || neighbourhood.some((index) => touched.has(index))) continue;
    const candidates = groupsOfItem.map((index) => system.groups[index]!);
    const next = firstDefined(candidates.map((group) => complementaryCandidate(group, 'OWN', k))) ?? candidates[0]!.total;
    system.withhold(next, pickedIn('OWN'));
    for (const index of [...neighbourhood, ...system.groupsOf(next)]) touched.add(index);
    changed = true;
  }
  return changed;
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
 * every equation in every view until none narrows any further. Only
 * equations holding a withheld count can narrow anything, and an equation is
 * read again only when one of its counts was narrowed (the result is the
 * same in any order: each narrowing only intersects).
 */
function readerKnowledge(system: System, k: number): (item: Item) => Domain {
  return system.items.every((item) => item.parents.length === 0) ? boundsKnowledge(system, k) : domainKnowledge(system, k);
}

/** Any system: domains as unions of intervals, in every view (differences from parents too). */
function domainKnowledge(system: System, k: number): (item: Item) => Domain {
  const known = new Map<Item, Domain>();
  const domainOf = (item: Item) => {
    let domain = known.get(item);
    if (!domain) known.set(item, (domain = ownDomain(item, k)));
    return domain;
  };
  const pending = new Set<number>();
  for (const item of system.items) if (item.withheld !== null) for (const index of system.groupsOf(item)) pending.add(index);
  for (const index of pending) {
    pending.delete(index);
    const group = system.groups[index]!;
    for (const view of viewsOf(group)) {
      for (const item of narrowByEquation(system.countsOf[index]!, view, known, domainOf)) {
        for (const other of system.groupsOf(item)) if (other !== index) pending.add(other);
      }
    }
  }
  return domainOf;
}

/**
 * The same for a system without parents (a year's cube), where every domain
 * is one interval: bounds in typed arrays and plain arithmetic, since a large
 * system is read again after every round of withholding.
 */
function boundsKnowledge(system: System, k: number): (item: Item) => Domain {
  const { items } = system;
  const { indexOf, members, groupsOfIndex } = system.indexed();
  const lo = new Float64Array(items.length);
  const hi = new Float64Array(items.length);
  items.forEach((item, i) => {
    if (item.withheld === null) {
      lo[i] = hi[i] = item.value;
      return;
    }
    const [interval] = ownDomain(item, k);
    lo[i] = interval!.lo;
    hi[i] = interval!.hi;
  });
  const queued = new Uint8Array(members.length);
  const queue: number[] = [];
  const enqueue = (group: number) => {
    if (queued[group]) return;
    queued[group] = 1;
    queue.push(group);
  };
  items.forEach((item, i) => {
    if (item.withheld !== null) for (const group of groupsOfIndex[i]!) enqueue(group);
  });
  for (let head = 0; head < queue.length; head++) {
    const group = queue[head]!;
    queued[group] = 0;
    const counts = members[group]!;
    const total = counts[0]!;
    let lowSum = 0;
    let finiteHighSum = 0;
    let unbounded = 0;
    for (let m = 1; m < counts.length; m++) {
      const i = counts[m]!;
      lowSum += lo[i]!;
      if (hi[i] === Infinity) unbounded++;
      else finiteHighSum += hi[i]!;
    }
    const update = (i: number, nextLo: number, nextHi: number) => {
      // Everything a reader is credited with knowing holds for the true counts, so some value always remains.
      if (nextLo > nextHi) throw new Error('suppression reasoning ruled out the true count: its model of a reader is wrong');
      if (nextLo === lo[i] && nextHi === hi[i]) return;
      lo[i] = nextLo;
      hi[i] = nextHi;
      for (const other of groupsOfIndex[i]!) if (other !== group) enqueue(other);
    };
    const totalLo = lo[total]!;
    const totalHi = hi[total]!;
    update(total, Math.max(totalLo, lowSum), Math.min(totalHi, unbounded > 0 ? Infinity : finiteHighSum));
    for (let m = 1; m < counts.length; m++) {
      const i = counts[m]!;
      const othersHigh = unbounded - (hi[i] === Infinity ? 1 : 0) > 0 ? Infinity : finiteHighSum - (hi[i] === Infinity ? 0 : hi[i]!);
      update(i, Math.max(lo[i]!, totalLo - othersHigh), Math.min(hi[i]!, totalHi - (lowSum - lo[i]!)));
    }
  }
  return (item) => {
    const i = indexOf.get(item)!;
    return [{ lo: lo[i]!, hi: hi[i]! }];
  };
}

/** total = sum of members: each member is the total minus the others, and the total their sum. Returns the counts it narrowed. */
function narrowByEquation(items: readonly Item[], view: View, known: Map<Item, Domain>, domainOf: (item: Item) => Domain): Item[] {
  const domains = items.map((item) => inView(view, item, domainOf(item)));
  const narrowed = domains.every((domain) => domain.length === 1) ? narrowBounds(domains.map((domain) => domain[0]!)) : narrowDomains(domains);
  const changed: Item[] = [];
  items.forEach((item, i) => {
    const previous = domains[i]!;
    const next = narrowed[i]!;
    if (next.length === previous.length && next.every((interval, j) => sameInterval(interval, previous[j]!))) return;
    known.set(item, inView(view, item, next));
    changed.push(item);
  });
  return changed;
}

function narrowDomains([total, ...members]: Domain[]): Domain[] {
  const zero: Domain = [{ lo: 0, hi: 0 }];
  // Sums of the members before and after each one, so that "all the others" costs one addition.
  const before: Domain[] = [zero];
  for (const member of members) before.push(plus(before.at(-1)!, member));
  const after: Domain[] = [zero];
  for (const member of [...members].reverse()) after.unshift(plus(after[0]!, member));
  return [intersect(total!, before.at(-1)!), ...members.map((member, i) => intersect(member, minus(total!, plus(before[i]!, after[i + 1]!))))];
}

/** narrowDomains for single intervals, in plain arithmetic; an upper bound may be unbounded (no parent caps the count). */
function narrowBounds([total, ...members]: Interval[]): Domain[] {
  let lowSum = 0;
  let finiteHighSum = 0;
  let unbounded = 0;
  for (const member of members) {
    lowSum += member.lo;
    if (member.hi === Infinity) unbounded++;
    else finiteHighSum += member.hi;
  }
  const highOfOthers = (member: Interval) =>
    unbounded - (member.hi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHighSum - (member.hi === Infinity ? 0 : member.hi);
  const bounded = (lo: number, hi: number): Domain => {
    // Everything a reader is credited with knowing holds for the true counts, so some value always remains.
    if (lo > hi) throw new Error('suppression reasoning ruled out the true count: its model of a reader is wrong');
    return [{ lo, hi }];
  };
  return [
    bounded(Math.max(total!.lo, lowSum), Math.min(total!.hi, unbounded > 0 ? Infinity : finiteHighSum)),
    ...members.map((member) => bounded(Math.max(member.lo, total!.lo - highOfOthers(member)), Math.min(member.hi, total!.hi - (lowSum - member.lo)))),
  ];
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

const OWN_VIEW_ONLY: View[] = ['OWN'];

function viewsOf(group: Group): View[] {
  if (group.total.parents.length === 0) return OWN_VIEW_ONLY;
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
