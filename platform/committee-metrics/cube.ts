/**
 * A section's figures for one year, protected as one system. SQL counts each
 * measure by month and district (or unit); this module adds them up the
 * year's tree of periods (months → quarters → year) and the tree of places
 * (districts → provinces → Pakistan), ties measures that add up to one another
 * (reports = child + adult, say), and withholds with suppression.ts until no
 * figure of the year can be recovered from any other: whichever dashboard
 * shows a figure (the year's, a quarter's, a district's), it is the same
 * figure, withheld or published the same way, so answers cannot be combined
 * (a district against its province, the months of a quarter against the
 * quarter) to uncover a small count.
 */
import type { Province } from '#reference-data';
import { periodsOfYear, type Period } from './periods.ts';
import { PlaceTree, type Place } from './places.ts';
import { suppressSystem, type CountSystem, type SafeCount } from './suppression.ts';

export interface CubeSpec {
  /** Every count the section publishes at each period and place. */
  measures: readonly string[];
  /** Measures that add up to another at every period and place: total = the sum of the members. */
  relations: readonly { total: string; members: readonly string[] }[];
  /**
   * 'flow' counts events in a period (reports, trials filed) and adds up over
   * months; 'stock' counts a state at one moment (registrants overdue now)
   * and has no periods.
   */
  kind: 'flow' | 'stock';
}

/** SQL's counts for one month (flows) and one district or unit; a measure not given is 0. */
export interface CubeRow {
  /** "2025-04" for a flow; absent for a stock. */
  month?: string;
  province: Province;
  district: string;
  unit?: string | null;
  counts: Readonly<Record<string, number>>;
}

/** The label of a stock's single moment. */
export const NOW = 'now';

export interface SuppressedCube {
  places: PlaceTree;
  /** A measure at a period (its label: "2025", "2025-Q2", "2025-04"; NOW for a stock) and place, as published. */
  count(period: Period | typeof NOW, place: Place, measure: string): SafeCount;
  /** The same count, only to decide whether a statistic over it may be published (never to publish). */
  observations(period: Period | typeof NOW, place: Place, measure: string): number;
  /** How many values of the system are withheld, of how many. */
  withheld: { count: number; of: number };
  /** When the counts were read: the figures are kept for a while (CubeCache). */
  computedAt: Date;
}

interface CubeOptions {
  year: number;
  k: number;
}

/** The section's year, counted and protected here, on the calling thread. */
export function buildCube(spec: CubeSpec, rows: readonly CubeRow[], options: CubeOptions): SuppressedCube {
  const system = cubeSystem(spec, rows, options);
  return suppressedCube(system, suppressSystem(system, options.k));
}

/**
 * The same, with the protection (0.2 to 1.5 s of CPU for a year at a million
 * cases) run by `protect`: a worker thread (suppression-pool.ts), so the
 * subgraph's event loop keeps answering meanwhile.
 */
export async function buildCubeWith(
  protect: (system: CountSystem, k: number) => Promise<Map<string, SafeCount>>,
  spec: CubeSpec,
  rows: readonly CubeRow[],
  options: CubeOptions,
): Promise<SuppressedCube> {
  const system = cubeSystem(spec, rows, options);
  return suppressedCube(system, await protect({ counts: system.counts, equations: system.equations }, options.k));
}

/** A year's counts at every period and place, and the equations that tie them, ready to protect. */
interface CubeSystem extends CountSystem {
  counts: Map<string, number>;
  places: PlaceTree;
  key: (period: string, place: Place, measure: string) => string;
  computedAt: Date;
}

function cubeSystem(spec: CubeSpec, rows: readonly CubeRow[], options: CubeOptions): CubeSystem {
  const computedAt = new Date();
  const measures = new Set(spec.measures);
  for (const relation of spec.relations) {
    for (const name of [relation.total, ...relation.members])
      if (!measures.has(name)) throw new Error(`relation names "${name}", which is not a measure`);
  }
  const places = new PlaceTree(rows);
  const tree = periodsOfYear(options.year);
  const periodLabels = spec.kind === 'flow' ? [tree.year, ...tree.quarters, ...tree.months].map((p) => p.label) : [NOW];
  const key = (period: string, place: Place, measure: string) => `${period}|${place.key}|${measure}`;

  const counts = new Map<string, number>();
  for (const period of periodLabels)
    for (const place of places.places()) for (const measure of spec.measures) counts.set(key(period, place, measure), 0);
  const add = (period: string, place: Place, measure: string, value: number) =>
    counts.set(key(period, place, measure), counts.get(key(period, place, measure))! + value);
  for (const row of rows) {
    const periodsOfRow = spec.kind === 'flow' ? periodsOfMonth(row.month, options.year) : [NOW];
    for (const [measure, value] of Object.entries(row.counts)) {
      if (!measures.has(measure)) throw new Error(`SQL returned "${measure}", which is not a measure`);
      for (const period of periodsOfRow) for (const place of places.lineage(places.leafOf(row))) add(period, place, measure, value);
    }
  }

  const equations: { total: string; members: string[] }[] = [];
  for (const measure of spec.measures) {
    for (const place of places.places()) {
      if (spec.kind === 'flow') {
        equations.push({ total: key(tree.year.label, place, measure), members: tree.quarters.map((q) => key(q.label, place, measure)) });
        tree.quarters.forEach((quarter, q) => {
          equations.push({
            total: key(quarter.label, place, measure),
            members: tree.months.slice(3 * q, 3 * q + 3).map((m) => key(m.label, place, measure)),
          });
        });
      }
      for (const period of periodLabels) {
        const children = places.children(place);
        if (children.length > 0)
          equations.push({ total: key(period, place, measure), members: children.map((child) => key(period, child, measure)) });
      }
    }
  }
  for (const relation of spec.relations) {
    for (const period of periodLabels) {
      for (const place of places.places()) {
        equations.push({
          total: key(period, place, relation.total),
          members: relation.members.map((member) => key(period, place, member)),
        });
      }
    }
  }

  return { counts, equations, places, key, computedAt };
}

function suppressedCube({ counts, places, key, computedAt }: CubeSystem, safe: ReadonlyMap<string, SafeCount>): SuppressedCube {
  const labelOf = (period: Period | typeof NOW) => (period === NOW ? NOW : period.label);
  const lookup = <T>(from: ReadonlyMap<string, T>, period: Period | typeof NOW, place: Place, measure: string): T => {
    const found = from.get(key(labelOf(period), place, measure));
    if (found === undefined) throw new Error(`no figure for ${measure} at ${labelOf(period)} in ${place.key}`);
    return found;
  };
  const withheld = [...safe.values()].filter((value) => value.suppressed !== null).length;
  return {
    places,
    count: (period, place, measure) => lookup(safe, period, place, measure),
    observations: (period, place, measure) => lookup(counts, period, place, measure),
    withheld: { count: withheld, of: safe.size },
    computedAt,
  };
}

/** A month's label and its quarter's and year's: where a flow counted in that month adds up. */
function periodsOfMonth(month: string | undefined, year: number): string[] {
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || Number(month.slice(0, 4)) !== year) {
    throw new Error(`a flow's row must name a month of ${year}, got ${month}`);
  }
  const quarter = Math.ceil(Number(month.slice(5)) / 3);
  return [month, `${year}-Q${quarter}`, String(year)];
}
