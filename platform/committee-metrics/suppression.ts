/**
 * Small-cell suppression for published metrics: the pure step applied to
 * counts already aggregated in SQL, before they leave a subgraph. The rules,
 * the reason codes and what a reader can still tell from them are in
 * docs/metrics.md ("Small-count suppression").
 */

const SUPPRESSION_REASONS = ['SMALL_COUNT', 'COMPLEMENTARY', 'RATE_OF_SUPPRESSED'] as const;
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
const MIN_K = 3;
const MAX_K = 100;

export function assertValidK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K || k > MAX_K) {
    throw new RangeError(`the suppression threshold k must be an integer from ${MIN_K} to ${MAX_K}, got ${k}`);
  }
}

/**
 * Counts tied by any number of additive equations, each a total and the
 * members that add up to it: a year of figures by month, place and category
 * at once, where a month is a member of its year and a district of its
 * province. Every equation is protected by the rules for a breakdown
 * (docs/metrics.md), all of them together, so that one figure is withheld or
 * published the same way wherever it appears. Keys order the tie-breaks.
 */
export interface CountSystem {
  counts: ReadonlyMap<string, number>;
  equations: readonly { total: string; members: readonly string[] }[];
}

export function suppressSystem(system: CountSystem, k: number): Map<string, SafeCount> {
  assertValidK(k);
  const items = new Map([...system.counts].map(([key, count]) => [key, newItem(count)]));
  const itemOf = (key: string) => {
    const item = items.get(key);
    if (!item) throw new RangeError(`an equation names "${key}", which is not a count of the system`);
    return item;
  };
  const groups = system.equations.map(({ total, members }) => {
    assertUniqueKeys(members, 'equation member');
    const group = { total: itemOf(total), members: members.map((key) => ({ key, item: itemOf(key) })) };
    const memberSum = sum(group.members.map((member) => member.item.value));
    if (memberSum !== group.total.value)
      throw new RangeError(`the members of "${total}" add up to ${memberSum}, not to its ${group.total.value}`);
    return group;
  });
  suppress([...items.values()], groups, k);
  return new Map([...items].map(([key, item]) => [key, safeCountOf(item)]));
}

/** Withheld when either side is; undefined (null, not withheld) over a zero denominator. */
export function safeRate(
  numerator: SafeCount,
  denominator: SafeCount,
  compute: (numerator: number, denominator: number) => number,
): SafeRate {
  if (numerator.value === null || denominator.value === null) return { value: null, suppressed: 'RATE_OF_SUPPRESSED' };
  if (denominator.value === 0) return { value: null, suppressed: null };
  return { value: compute(numerator.value, denominator.value), suppressed: null };
}

/** A statistic (a median, a percentile) over n observations is withheld when n is 1 to k−1. */
export function suppressStatistic(value: number | null, n: number, k: number): SafeRate {
  assertValidK(k);
  assertCount(n, 'the number of observations');
  if (n === 0) return { value: null, suppressed: null };
  if (isSmall(n, k)) return { value: null, suppressed: 'SMALL_COUNT' };
  if (value === null || !Number.isFinite(value))
    throw new RangeError(`a statistic over ${n} observations must be a finite number, got ${value}`);
  return { value, suppressed: null };
}

// --- The engine: counts tied by equations (total = sum of members), withheld until no equation gives one away.

/**
 * Why a count is withheld, in more detail than the public reason: each case
 * tells a reader something different about the count (see `ownDomain`).
 */
type Withheld =
  | { why: 'SMALL' }
  /** A published count withheld so that a withheld one cannot be worked out. */
  | { why: 'PICKED' }
  /** Withheld because a total it adds up to is. */
  | { why: 'WITH_TOTAL' };

const REASON: Record<Withheld['why'], SuppressionReason> = {
  SMALL: 'SMALL_COUNT',
  PICKED: 'COMPLEMENTARY',
  WITH_TOTAL: 'COMPLEMENTARY',
};

interface Item {
  value: number;
  withheld: Withheld | null;
}

/** The equation total = sum of members; members are keyed for deterministic tie-breaks. */
interface Group {
  total: Item;
  members: readonly { key: string; item: Item }[];
}

/** The counts a reader cannot rule out: lo to hi, both included; hi may be Infinity. */
interface Interval {
  lo: number;
  hi: number;
}

function newItem(value: number): Item {
  assertCount(value, 'a count');
  return { value, withheld: null };
}

function suppress(items: readonly Item[], groups: readonly Group[], k: number): void {
  for (const item of items) item.withheld = isSmall(item.value, k) ? { why: 'SMALL' } : null;
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
      let withheldSum = 0;
      let withheldNonZero = 0;
      for (const { item } of group.members) {
        if (item.withheld === null) continue;
        withheldSum += item.value;
        if (item.value > 0) withheldNonZero++;
      }
      if (isSmall(withheldSum, k) || withheldNonZero === 1) {
        system.withhold(complementaryCandidate(group) ?? group.total, { why: 'PICKED' });
        return true;
      }
    }
    system.checked(index);
  }
  return false;
}

/**
 * A withheld non-zero count that the equations together pin to one value
 * (its reason alone never does) gets a published neighbour withheld with it.
 * Every count pinned down by one reading of the equations is unpinned in the
 * same round, in order, except one that shares an equation with a count
 * unpinned or withheld earlier in the round: it waits for the next reading,
 * which that neighbour may already have made enough.
 */
function unpinPinned(system: System, k: number): boolean {
  const known = boundsKnowledge(system, k);
  const touched = new Set<number>();
  let changed = false;
  for (const item of system.items) {
    if (item.withheld === null || !isPinned(known(item))) continue;
    // The equations it is a member of under a published total; none means no more can be done (a grand total).
    const groupsOfItem = system
      .groupsOf(item)
      .filter((index) => system.groups[index]!.total !== item && system.groups[index]!.total.withheld === null);
    const neighbourhood = system.groupsOf(item);
    if (groupsOfItem.length === 0 || neighbourhood.some((index) => touched.has(index))) continue;
    const candidates = groupsOfItem.map((index) => system.groups[index]!);
    const next = firstDefined(candidates.map((group) => complementaryCandidate(group))) ?? candidates[0]!.total;
    system.withhold(next, { why: 'PICKED' });
    for (const index of [...neighbourhood, ...system.groupsOf(next)]) touched.add(index);
    changed = true;
  }
  return changed;
}

/** Pinned to one count. Pinned to 0 reveals nobody. */
function isPinned(known: Interval): boolean {
  return known.lo === known.hi && known.lo > 0;
}

/** The smallest published non-zero member, ties broken by key: the least information lost. */
function complementaryCandidate(group: Group): Item | undefined {
  const candidates = group.members.filter(({ item }) => item.withheld === null && item.value > 0);
  candidates.sort((a, b) => a.item.value - b.item.value || compareKeys(a.key, b.key));
  return candidates[0]?.item;
}

/**
 * What a reader can tell about each count: what its reason says (one
 * interval), narrowed by every equation until none narrows any further. Only
 * equations holding a withheld count can narrow anything, and an equation is
 * read again only when one of its counts was narrowed (the result is the
 * same in any order: each narrowing only intersects). Bounds in typed arrays
 * and plain arithmetic, since a large system (a year's cube) is read again
 * after every round of withholding.
 */
function boundsKnowledge(system: System, k: number): (item: Item) => Interval {
  const { items } = system;
  const { indexOf, members, groupsOfIndex } = system.indexed();
  const lo = new Float64Array(items.length);
  const hi = new Float64Array(items.length);
  items.forEach((item, i) => {
    if (item.withheld === null) {
      lo[i] = hi[i] = item.value;
      return;
    }
    const interval = ownDomain(item, k);
    lo[i] = interval.lo;
    hi[i] = interval.hi;
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
    return { lo: lo[i]!, hi: hi[i]! };
  };
}

/** What a reader who knows the reason can tell about a count on its own. */
function ownDomain(item: Item, k: number): Interval {
  switch (item.withheld?.why) {
    case undefined:
      return { lo: item.value, hi: item.value };
    case 'SMALL':
      return { lo: 1, hi: k - 1 };
    // Only published counts are picked: not small, and not 0 (withholding a 0 would protect nothing).
    case 'PICKED':
      return { lo: k, hi: Infinity };
    case 'WITH_TOTAL':
      return { lo: 0, hi: Infinity };
  }
}

// --- Small helpers and input checks.

function safeCountOf(item: Item): SafeCount {
  return item.withheld === null ? { value: item.value, suppressed: null } : { value: null, suppressed: REASON[item.withheld.why] };
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
