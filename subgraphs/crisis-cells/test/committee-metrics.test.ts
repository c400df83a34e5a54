import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '#test-kit';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { tokenFor } from '#test-kit';
import { CSV_HEADER } from '#committee-metrics';
import { createMetricsRuntime, dashboardQuery } from '#committee-metrics';
import { DISTRICTS, type CellService, type Province } from '#synthetic-world';
import { CellVisitSchema } from '../src/entities/cell-visit.entity.ts';
import { CrisisCellSchema } from '../src/entities/crisis-cell.entity.ts';
import { crisisCellMetrics } from '../src/metrics.ts';
import { createCrisisCellsService } from '../src/server.ts';

// The crisis cells' section of the committee's dashboard, on a small world
// written here (not the seed), so that every figure can be worked out by hand.
// k = 5 (the default): a count of 1 to 4 is withheld.
//
// Lahore (Punjab), first quarter of 2025: cell A (capacity 10) has 10 visits
// in January and 20 in March; cell B (capacity 4) has 10 in January and 3 in
// March, a count small enough to withhold. The two cells have visits in the
// same attributes (child and adult, each service given and not given) in each
// month, and Lahore's figures are all 0 or at least 5, so what is withheld
// stays within the two cells.
// Sindh, first quarter of 2025: cell C in Karachi South (capacity 8) has 10
// visits in January and 5 in February, cell D in Hyderabad (capacity 5) 6 in
// March; every figure at every level is 0 or at least 5, so all is published.

const MT = 'MEDICAL_TREATMENT';
const MLE = 'MEDICO_LEGAL_EXAMINATION';
const FEC = 'FORENSIC_EVIDENCE_COLLECTION';
const PC = 'PSYCHOLOGICAL_COUNSELLING';
const LA = 'LEGAL_AID';
const PR = 'POLICE_REPORTING';
const SR = 'SHELTER_REFERRAL';
const CP = 'CHILD_PROTECTION';
const ALL_SERVICES: CellService[] = [MT, MLE, FEC, PC, LA, PR, SR, CP];

interface TestCell {
  id: string;
  name: string;
  district: string;
  province: Province;
  capacity: number;
}
const cell = (n: number, name: string, district: string, province: Province, capacity: number): TestCell => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name: `Test Crisis Cell ${name}`,
  district,
  province,
  capacity,
});
const A = cell(1, 'A, Lahore', 'Lahore', 'PUNJAB', 10);
const B = cell(2, 'B, Lahore', 'Lahore', 'PUNJAB', 4);
const C = cell(3, 'C, Karachi South', 'Karachi South', 'SINDH', 8);
const D = cell(4, 'D, Hyderabad', 'Hyderabad', 'SINDH', 5);

/** `n` visits to a cell, a minute apart from `firstArrival` (an instant: PKT is UTC+5). */
interface VisitGroup {
  cell: TestCell;
  firstArrival: string;
  n: number;
  child: boolean;
  services: CellService[];
}
const VISITS: VisitGroup[] = [
  // A and B, January: 5 children and 5 adults each.
  { cell: A, firstArrival: '2025-01-10T07:00:00Z', n: 5, child: true, services: [MT, MLE, FEC, PC, PR, CP] },
  { cell: A, firstArrival: '2025-01-11T07:00:00Z', n: 5, child: false, services: [MT, MLE, PR] },
  { cell: B, firstArrival: '2025-01-12T07:00:00Z', n: 5, child: true, services: [MT, MLE, FEC, PC, PR, CP] },
  { cell: B, firstArrival: '2025-01-13T07:00:00Z', n: 5, child: false, services: [MT, MLE, PR] },
  // A, March: 9 children, 11 adults.
  { cell: A, firstArrival: '2025-03-10T07:00:00Z', n: 5, child: true, services: [MT, MLE, FEC, PC, PR, CP] },
  { cell: A, firstArrival: '2025-03-11T07:00:00Z', n: 4, child: true, services: [MT, MLE, FEC, PR, CP] },
  { cell: A, firstArrival: '2025-03-12T07:00:00Z', n: 1, child: false, services: [MT, MLE, FEC, PR] },
  { cell: A, firstArrival: '2025-03-13T07:00:00Z', n: 10, child: false, services: [MT, MLE, PR] },
  // B, March: 1 child, 2 adults.
  { cell: B, firstArrival: '2025-03-14T07:00:00Z', n: 1, child: true, services: [MT, MLE, FEC, PC, PR, CP] },
  { cell: B, firstArrival: '2025-03-15T07:00:00Z', n: 2, child: false, services: [MT, MLE, PR] },
  // C, January: the first five at 00:00 PKT on 1 January (19:00 UTC on 31 December 2024), so in 2025.
  { cell: C, firstArrival: '2024-12-31T19:00:00Z', n: 5, child: true, services: [MT, MLE, FEC, PC, LA, PR, CP] },
  { cell: C, firstArrival: '2025-01-20T07:00:00Z', n: 5, child: false, services: [MT, MLE, PR] },
  // C, February: at 00:30 PKT on 1 February (19:30 UTC on 31 January), so in February.
  { cell: C, firstArrival: '2025-01-31T19:30:00Z', n: 5, child: false, services: [MT, MLE, FEC, PR] },
  // D, March: 6 children.
  { cell: D, firstArrival: '2025-03-20T07:00:00Z', n: 6, child: true, services: [MT, MLE, PC, SR, CP] },
];

const DAYS_Q1_2025 = 31 + 28 + 31; // 90
const DAYS_MARCH = 31;

let isolated: IsolatedStorage;
let subgraph: SubgraphUnderTest;
let committee: string;

beforeAll(async () => {
  isolated = await isolatedStorage('crisis_cell_metrics');
  // The policy on, as served; no seed: this world only.
  subgraph = await startSubgraphForTest(createCrisisCellsService, { storage: isolated.storage, seedOnStart: 'never' });
  const em = subgraph.service.database.fork();
  await em.insertMany(
    CrisisCellSchema,
    [A, B, C, D].map((c, i) => ({
      ...c,
      code: `TST${i + 1}`,
      hospital: `${c.name} Hospital`,
      address: `Road ${i + 1}, ${c.district}`,
      city: c.district,
      open24Hours: true,
      services: ALL_SERVICES,
      helpline: '1099',
    })),
  );
  let n = 0;
  await em.insertMany(
    CellVisitSchema,
    VISITS.flatMap((group) =>
      Array.from({ length: group.n }, (_, i) => ({
        id: `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
        cell: group.cell.id,
        arrivedAt: new Date(Date.parse(group.firstArrival) + i * 60_000),
        childSurvivor: group.child,
        services: group.services,
      })),
    ),
  );
  committee = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'committee-member-1' });
});

afterAll(async () => {
  await subgraph?.stop();
  await isolated?.drop();
});

const SECTION = `crisisCells {
  visits { value suppressed }
  byPeriod { key count { value suppressed } }
  byPlace { key count { value suppressed } }
  childSurvivors { part { value suppressed } whole { value suppressed } share { value suppressed } }
  services { service visits { part { value suppressed } whole { value suppressed } share { value suppressed } } }
  capacityUse { value suppressed }
  cells { cell { id name district } visits { value suppressed } capacity capacityUse { value suppressed } }
  csv
}`;

/** The section as the gateway asks for it: the dashboard's representation, with its id as the cases subgraph makes it. */
function section(id: string, token = committee) {
  return graphql(subgraph.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on CommitteeDashboard { id ${SECTION} } } }`, {
    token,
    variables: { r: [{ __typename: 'CommitteeDashboard', id }] },
  });
}

const published = (value: number) => ({ value, suppressed: null });
const withheld = (reason: string) => ({ value: null, suppressed: reason });
/** Shares and rates are given to four decimal places. */
const fourPlaces = (value: number) => Math.round(value * 10_000) / 10_000;
const share = (part: number, whole: number) => ({
  part: published(part),
  whole: published(whole),
  share: published(fourPlaces(part / whole)),
});
const useOf = (c: TestCell, visits: number, days: number) => ({
  cell: { id: c.id, name: c.name, district: c.district },
  visits: published(visits),
  capacity: c.capacity,
  capacityUse: published(fourPlaces(visits / (c.capacity * days))),
});

describe("the crisis cells' section of the committee dashboard", () => {
  it("gives every figure of a province's quarter, all published when no count is small", async () => {
    const { data, errors } = await section('2025-Q1/SINDH/-/MONTH/k5');
    expect(errors).toBeUndefined();
    const metrics = data._entities[0].crisisCells;
    // Visits: C 10 (January) + 5 (February), D 6 (March) = 21.
    expect(metrics.visits).toEqual(published(21));
    expect(metrics.byPeriod).toEqual([
      { key: '2025-01', count: published(10) },
      { key: '2025-02', count: published(5) },
      { key: '2025-03', count: published(6) },
    ]);
    // Every district of Sindh, by name; visits at the cell's district: Hyderabad 6 (D), Karachi South 15 (C).
    const sindh = DISTRICTS.filter((d) => d.province === 'SINDH')
      .map((d) => d.name)
      .sort();
    expect(metrics.byPlace).toEqual(sindh.map((key) => ({ key, count: published({ Hyderabad: 6, 'Karachi South': 15 }[key] ?? 0) })));
    // Children: C 5 (January) + D 6 = 11 of 21.
    expect(metrics.childSurvivors).toEqual(share(11, 21));
    // Each service of the 21 visits (C January 10 + C February 5 + D 6):
    expect(metrics.services).toEqual([
      { service: MT, visits: share(10 + 5 + 6, 21) },
      { service: MLE, visits: share(10 + 5 + 6, 21) },
      { service: FEC, visits: share(5 + 5 + 0, 21) },
      { service: PC, visits: share(5 + 0 + 6, 21) },
      { service: LA, visits: share(5 + 0 + 0, 21) },
      { service: PR, visits: share(10 + 5 + 0, 21) },
      { service: SR, visits: share(0 + 0 + 6, 21) },
      { service: CP, visits: share(5 + 0 + 6, 21) },
    ]);
    // Capacity use over the quarter's 90 days: C 15 ÷ (8 × 90) = 0.0208, D 6 ÷ (5 × 90) = 0.0133,
    // both 21 ÷ ((8 + 5) × 90) = 0.0179. Cells by district: Hyderabad before Karachi South.
    expect(metrics.capacityUse).toEqual(published(fourPlaces(21 / ((8 + 5) * DAYS_Q1_2025))));
    expect(metrics.cells).toEqual([useOf(D, 6, DAYS_Q1_2025), useOf(C, 15, DAYS_Q1_2025)]);
  });

  it("withholds a cell's small month (SMALL_COUNT) and its sibling's (COMPLEMENTARY), and their capacity use", async () => {
    const { data, errors } = await section('2025-03/PUNJAB/Lahore/MONTH/k5');
    expect(errors).toBeUndefined();
    const metrics = data._entities[0].crisisCells;
    // Lahore in March: A 20 + B 3 = 23, published.
    expect(metrics.visits).toEqual(published(23));
    expect(metrics.byPeriod).toEqual([{ key: '2025-03', count: published(23) }]);
    expect(metrics.byPlace).toEqual([]); // a district: its cells are listed instead
    // Children: A 9 + B 1 = 10 of 23.
    expect(metrics.childSurvivors).toEqual(share(10, 23));
    expect(metrics.services.map((s: { service: string; visits: unknown }) => [s.service, s.visits])).toEqual([
      [MT, share(20 + 3, 23)],
      [MLE, share(20 + 3, 23)],
      [FEC, share(10 + 1, 23)],
      [PC, share(5 + 1, 23)],
      [LA, share(0, 23)],
      [PR, share(20 + 3, 23)],
      [SR, share(0, 23)],
      [CP, share(9 + 1, 23)],
    ]);
    // Lahore's cells together: 23 ÷ ((10 + 4) × 31) = 0.0530, published with its count.
    expect(metrics.capacityUse).toEqual(published(fourPlaces(23 / ((10 + 4) * DAYS_MARCH))));
    // B's 3 is small; A's 20 alone would give it away (23 − 20), so it is withheld too; each rate with its count.
    expect(metrics.cells).toEqual([
      {
        cell: { id: A.id, name: A.name, district: 'Lahore' },
        visits: withheld('COMPLEMENTARY'),
        capacity: 10,
        capacityUse: withheld('RATE_OF_SUPPRESSED'),
      },
      {
        cell: { id: B.id, name: B.name, district: 'Lahore' },
        visits: withheld('SMALL_COUNT'),
        capacity: 4,
        capacityUse: withheld('RATE_OF_SUPPRESSED'),
      },
    ]);
  });

  it('protects the cells the same way on every dashboard that shows them: the year of all Pakistan by quarter', async () => {
    const { data, errors } = await section('2025/-/-/QUARTER/k5');
    expect(errors).toBeUndefined();
    const metrics = data._entities[0].crisisCells;
    // Pakistan: Lahore (A 10 + 20, B 10 + 3) 43 + Sindh 21 = 64, all in the first quarter.
    expect(metrics.visits).toEqual(published(64));
    expect(metrics.byPeriod).toEqual(
      ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((key, i) => ({ key, count: published(i === 0 ? 64 : 0) })),
    );
    expect(metrics.byPlace).toEqual(
      ['AZAD_JAMMU_KASHMIR', 'BALOCHISTAN', 'GILGIT_BALTISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'KHYBER_PAKHTUNKHWA', 'PUNJAB', 'SINDH'].map(
        (key) => ({
          key,
          count: published({ PUNJAB: 43, SINDH: 21 }[key] ?? 0),
        }),
      ),
    );
    // Children: Lahore (A 5 + 9, B 5 + 1) 20 + Sindh 11 = 31 of 64.
    expect(metrics.childSurvivors).toEqual(share(31, 64));
    // Over the year B has 13 and A 30, both published: B's March cannot be had from them (below). 2025 has 365 days.
    expect(metrics.cells).toEqual([useOf(A, 30, 365), useOf(B, 13, 365), useOf(D, 6, 365), useOf(C, 15, 365)]);
    expect(metrics.capacityUse).toEqual(published(fourPlaces(64 / ((10 + 4 + 8 + 5) * 365))));
  });

  it('keeps the small month from being worked out from the quarter, its other months or the district', async () => {
    // Lahore's quarter: January 20 (A 10, B 10), February 0, March 23 (A 20, B 3); A 30, B 13.
    const quarter = (await section('2025-Q1/PUNJAB/Lahore/MONTH/k5')).data._entities[0].crisisCells;
    expect(quarter.byPeriod).toEqual([
      { key: '2025-01', count: published(20) },
      { key: '2025-02', count: published(0) },
      { key: '2025-03', count: published(23) },
    ]);
    expect(quarter.cells.map((c: { visits: unknown }) => c.visits)).toEqual([published(30), published(13)]);
    // B's 3 would be 13 − 10 − 0 with its January published, so B's January is withheld too, and then A's (20 − 10).
    const january = (await section('2025-01/PUNJAB/Lahore/MONTH/k5')).data._entities[0].crisisCells;
    expect(january.visits).toEqual(published(20));
    expect(january.cells.map((c: { visits: unknown }) => c.visits)).toEqual([withheld('COMPLEMENTARY'), withheld('COMPLEMENTARY')]);
    // A reader left with B's March + January = 13 and March 1 to 4 has January 9 to 12: nothing exact.
  });

  it('measures a period not yet over against its days so far, and one not begun against none', async () => {
    const lahoreMarch = dashboardQuery({ period: '2025-03', province: 'PUNJAB', district: 'Lahore' }, 5);
    const use = async (now: string) =>
      (await crisisCellMetrics(subgraph.service.database.fork(), createMetricsRuntime({}), lahoreMarch, new Date(now))).capacityUse;
    // 10 March 09:00 PKT: 10 days begun; Lahore's 23 ÷ ((10 + 4) × 10).
    expect(await use('2025-03-10T04:00:00Z')).toEqual(published(fourPlaces(23 / ((10 + 4) * 10))));
    // Before 1 March 00:00 PKT: no capacity yet, so no value, and nothing withheld.
    expect(await use('2025-02-28T18:00:00Z')).toEqual({ value: null, suppressed: null });
  });

  it('gives the section as CSV: a header, then one row per figure, withheld values empty with their reason', async () => {
    const { data } = await section('2025-03/PUNJAB/Lahore/MONTH/k5');
    const lines: string[] = data._entities[0].crisisCells.csv.split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines[1]).toBe('2025-03,PUNJAB,Lahore,crisisCells.visits,,23,');
    expect(lines).toContain('2025-03,PUNJAB,Lahore,crisisCells.services.visits.part,FORENSIC_EVIDENCE_COLLECTION,11,');
    // 10 ÷ 23 = 0.43478…, to four places.
    expect(lines).toContain('2025-03,PUNJAB,Lahore,crisisCells.childSurvivors.share,,0.4348,');
    // A cell's name has a comma, so it is quoted (RFC 4180).
    expect(lines).toContain('2025-03,PUNJAB,Lahore,crisisCells.cells.visits,"Test Crisis Cell B, Lahore",,SMALL_COUNT');
    expect(lines).toContain('2025-03,PUNJAB,Lahore,crisisCells.cells.capacityUse,"Test Crisis Cell A, Lahore",,RATE_OF_SUPPRESSED');
    expect(lines).toContain('2025-03,PUNJAB,Lahore,crisisCells.cells.capacity,"Test Crisis Cell A, Lahore",10,');
    // visits, byPeriod (1), childSurvivors (3), services (8 × 3), capacityUse, cells (2 × 3), and the empty string after the last CRLF.
    expect(lines).toHaveLength(1 + 1 + 1 + 3 + 24 + 1 + 6 + 1);
    expect(lines.at(-1)).toBe('');
  });

  it("refuses the section to an agency other than the committee, a crisis cell's own staff included", async () => {
    for (const token of [
      await tokenFor({ agency: 'ARCC', sub: 'arcc-1', cellId: A.id }),
      await tokenFor({ agency: 'SSOIU', sub: 'ssoiu-1', province: 'PUNJAB' }),
    ]) {
      const { data, errors } = await section('2025-03/PUNJAB/Lahore/MONTH/k5', token);
      expect(errors?.map((e) => e.extensions?.code)).toContain('UNAUTHORIZED_FIELD_OR_TYPE');
      expect(JSON.stringify(data ?? null)).not.toContain('"value":');
    }
  });

  it('refuses a dashboard id made for another k, so a representation cannot lower the threshold', async () => {
    const { data, errors } = await section('2025-03/PUNJAB/Lahore/MONTH/k3');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/k = 5/);
    expect(data?._entities?.[0] ?? null).toBeNull();
  });
});
