import { describe, expect, it } from 'vitest';
import { buildCube, NOW, type CubeRow, type CubeSpec } from './cube.ts';
import { FiguresCache } from './figures-cache.ts';
import { monthPeriod, quarterPeriod, yearPeriod } from './periods.ts';
import { PAKISTAN, districtPlace, provincePlace } from './places.ts';

const k = 5;
const shown = (value: number) => ({ value, suppressed: null });
const SMALL = { value: null, suppressed: 'SMALL_COUNT' };
const COMPLEMENTARY = { value: null, suppressed: 'COMPLEMENTARY' };

const REPORTS: CubeSpec = { kind: 'flow', measures: ['reports'], relations: [] };
const row = (month: string, province: CubeRow['province'], district: string, reports: number): CubeRow => ({
  month,
  province,
  district,
  counts: { reports },
});

const lahore = districtPlace('PUNJAB', 'Lahore');
const faisalabad = districtPlace('PUNJAB', 'Faisalabad');
const karachiSouth = districtPlace('SINDH', 'Karachi South');
const punjab = provincePlace('PUNJAB');
const sindh = provincePlace('SINDH');
const [jan, feb, mar] = [1, 2, 3].map((m) => monthPeriod(2025, m)) as [
  ReturnType<typeof monthPeriod>,
  ReturnType<typeof monthPeriod>,
  ReturnType<typeof monthPeriod>,
];
const q1 = quarterPeriod(2025, 1);
const year = yearPeriod(2025);

describe('a year of one count, by month and district', () => {
  // 20 reports in Lahore and 2 in Faisalabad in January, 10 in Karachi South in February.
  const cube = buildCube(
    REPORTS,
    [row('2025-01', 'PUNJAB', 'Lahore', 20), row('2025-01', 'PUNJAB', 'Faisalabad', 2), row('2025-02', 'SINDH', 'Karachi South', 10)],
    {
      year: 2025,
      k,
    },
  );
  const reports = (period: Parameters<typeof cube.count>[0], place: Parameters<typeof cube.count>[1]) =>
    cube.count(period, place, 'reports');

  it('adds months up to quarters and the year, and districts up to provinces and Pakistan', () => {
    expect(reports(jan, punjab)).toEqual(shown(22));
    expect(reports(q1, punjab)).toEqual(shown(22));
    expect(reports(year, punjab)).toEqual(shown(22));
    expect(reports(feb, sindh)).toEqual(shown(10));
    expect(reports(year, sindh)).toEqual(shown(10));
    expect(reports(jan, PAKISTAN)).toEqual(shown(22));
    expect(reports(feb, PAKISTAN)).toEqual(shown(10));
    expect(reports(q1, PAKISTAN)).toEqual(shown(32));
    expect(reports(year, PAKISTAN)).toEqual(shown(32));
    expect(reports(feb, karachiSouth)).toEqual(shown(10));
    // A district of the administrative list with nothing in it is there, and 0.
    expect(reports(year, districtPlace('PUNJAB', 'Multan'))).toEqual(shown(0));
  });

  it('withholds Faisalabad’s 2 in every period: SMALL_COUNT for the year, COMPLEMENTARY under it', () => {
    // The year, 2, is SMALL_COUNT (Punjab's 22 above it is published). A withheld total withholds all its members,
    // whatever their size, as COMPLEMENTARY (docs/metrics.md, Breakdowns, rule 2): Q1 (2) and Q2–Q4 (0) under the year, and their
    // months under them, January's 2 included. Saying which month held the 2 would say which months held nothing.
    expect(reports(year, faisalabad)).toEqual(SMALL);
    for (const period of [q1, jan, feb, mar, quarterPeriod(2025, 2), monthPeriod(2025, 12)])
      expect(reports(period, faisalabad)).toEqual(COMPLEMENTARY);
  });

  it('withholds Lahore’s 20 where Punjab’s 22 is published, so that 22 − 20 cannot give Faisalabad away (differencing)', () => {
    // Punjab, January: 22 = Lahore 20 + Faisalabad 2 (SMALL) + zeros. One withheld member under a published total is the
    // total minus the rest, so the smallest published non-zero member, Lahore's 20, is withheld with it.
    expect(reports(jan, lahore)).toEqual(COMPLEMENTARY);
    expect(reports(q1, lahore)).toEqual(COMPLEMENTARY);
    expect(reports(year, lahore)).toEqual(COMPLEMENTARY);
    // A reader still knows Lahore + Faisalabad = 22 and Faisalabad is 1 to 4: Lahore is 18 to 21, not one number.
  });

  it('shows the same figure the same way whichever period or place asks for it', () => {
    // The district breakdown of Punjab's year and the district's own dashboard read the same count.
    expect(cube.places.children(punjab).find((place) => place.district === 'Lahore')).toEqual(lahore);
    expect(reports(year, lahore)).toEqual(reports(year, cube.places.children(punjab).find((place) => place.district === 'Lahore')!));
  });

  it('protects months against their quarter: 10 in February and 3 in March cannot be told apart by Q1 − February', () => {
    const months = buildCube(REPORTS, [row('2025-02', 'SINDH', 'Karachi South', 10), row('2025-03', 'SINDH', 'Karachi South', 3)], {
      year: 2025,
      k,
    });
    // March's 3 is small wherever it stands alone: Karachi South, Sindh and Pakistan in March. Pakistan's March has
    // nothing above it for March, so it is SMALL_COUNT; the March figures under it are COMPLEMENTARY (rule 2).
    expect(months.count(mar, PAKISTAN, 'reports')).toEqual(SMALL);
    expect(months.count(mar, karachiSouth, 'reports')).toEqual(COMPLEMENTARY);
    // Q1 = 13 = February 10 + March (withheld): one withheld member under a published total is the total minus the
    // rest, so February is withheld with it, here and in Sindh and Pakistan, where the same 10 stands.
    expect(months.count(q1, karachiSouth, 'reports')).toEqual(shown(13));
    for (const place of [karachiSouth, sindh, PAKISTAN]) expect(months.count(feb, place, 'reports')).toEqual(COMPLEMENTARY);
    expect(months.count(jan, karachiSouth, 'reports')).toEqual(shown(0));
  });

  it('says how much it withheld, and keeps the true counts only for deciding about statistics', () => {
    expect(cube.withheld.count).toBeGreaterThan(0);
    expect(cube.withheld.count).toBeLessThan(cube.withheld.of);
    expect(cube.observations(jan, faisalabad, 'reports')).toBe(2);
  });
});

describe('measures that add up to another', () => {
  const SPLIT: CubeSpec = {
    kind: 'flow',
    measures: ['reports', 'child', 'adult'],
    relations: [{ total: 'reports', members: ['child', 'adult'] }],
  };

  it('are protected with the rest: 12 reports, 3 of them children, withholds the 9 adults too', () => {
    const cube = buildCube(
      SPLIT,
      [{ month: '2025-01', province: 'SINDH', district: 'Karachi South', counts: { reports: 12, child: 3, adult: 9 } }],
      { year: 2025, k },
    );
    for (const period of [jan, q1, year]) {
      for (const place of [karachiSouth, sindh, PAKISTAN]) {
        expect(cube.count(period, place, 'reports')).toEqual(shown(12));
        // 12 = children + adults: with the 3 children withheld, the 9 adults would give them away.
        expect(cube.count(period, place, 'adult')).toEqual(COMPLEMENTARY);
      }
    }
    // The 3 children: SMALL_COUNT at the top of both trees (Pakistan, the year), COMPLEMENTARY under it.
    expect(cube.count(year, PAKISTAN, 'child')).toEqual(SMALL);
    expect(cube.count(jan, karachiSouth, 'child')).toEqual(COMPLEMENTARY);
  });

  it('refuse rows that do not add up', () => {
    expect(() =>
      buildCube(SPLIT, [{ month: '2025-01', province: 'SINDH', district: 'Karachi South', counts: { reports: 12, child: 3, adult: 8 } }], {
        year: 2025,
        k,
      }),
    ).toThrow(/add up/);
  });

  it('refuse a month of another year and a measure the spec does not have', () => {
    expect(() => buildCube(REPORTS, [row('2024-12', 'SINDH', 'Hyderabad', 5)], { year: 2025, k })).toThrow(/month of 2025/);
    expect(() =>
      buildCube(REPORTS, [{ month: '2025-01', province: 'SINDH', district: 'Hyderabad', counts: { visits: 5 } }], { year: 2025, k }),
    ).toThrow(/not a measure/);
  });
});

describe('a stock (a state now)', () => {
  const STATUS: CubeSpec = {
    kind: 'stock',
    measures: ['active', 'overdue', 'compliant'],
    relations: [{ total: 'active', members: ['overdue', 'compliant'] }],
  };

  it('has no periods, only places', () => {
    const cube = buildCube(STATUS, [{ province: 'SINDH', district: 'Hyderabad', counts: { active: 30, overdue: 10, compliant: 20 } }], {
      year: 2025,
      k,
    });
    expect(cube.count(NOW, sindh, 'overdue')).toEqual(shown(10));
    expect(cube.count(NOW, PAKISTAN, 'active')).toEqual(shown(30));
    expect(() => cube.count(year, sindh, 'active')).toThrow(/no figure/);
  });
});

describe('units under districts (crisis cells)', () => {
  it('add up to their district', () => {
    const cube = buildCube(
      REPORTS,
      [
        { month: '2025-01', province: 'PUNJAB', district: 'Lahore', unit: 'LHR1', counts: { reports: 7 } },
        { month: '2025-01', province: 'PUNJAB', district: 'Lahore', unit: 'LHR2', counts: { reports: 8 } },
      ],
      {
        year: 2025,
        k,
      },
    );
    expect(cube.count(jan, lahore, 'reports')).toEqual(shown(15));
    expect(cube.places.unitsUnder(punjab).map((unit) => unit.unit)).toEqual(['LHR1', 'LHR2']);
  });
});

describe('FiguresCache', () => {
  const empty = () => Promise.resolve(buildCube(REPORTS, [], { year: 2025, k }));

  it('computes a key once while it is fresh, and again when a computation failed', async () => {
    const cache = new FiguresCache(60_000);
    let computed = 0;
    const make = async () => {
      computed++;
      return empty();
    };
    const [a, b] = await Promise.all([cache.get('x', make), cache.get('x', make)]);
    expect(a).toBe(b);
    expect(computed).toBe(1);
    await expect(cache.get('y', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await cache.get('y', make);
    expect(computed).toBe(2);
  });

  it('serves what it has while computing it again once it is older than the TTL, and keeps it when that fails', async () => {
    const cache = new FiguresCache(20);
    const first = await cache.get('x', empty);
    await new Promise((resolve) => setTimeout(resolve, 30));
    let refreshed: ((cube: Awaited<ReturnType<typeof empty>>) => void) | undefined;
    const pending = new Promise<Awaited<ReturnType<typeof empty>>>((resolve) => (refreshed = resolve));
    // Stale: the old figures at once, while the new ones are computed.
    expect(await cache.get('x', () => pending)).toBe(first);
    const second = await empty();
    refreshed!(second);
    await pending;
    expect(await cache.get('x', empty)).toBe(second);
    // A refresh that fails keeps the figures it would have replaced.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await cache.get('x', () => Promise.reject(new Error('database down')))).toBe(second);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('x', empty)).toBe(second);
  });

  it('keeps nothing with a TTL of 0, beyond sharing one computation between requests at the same moment', async () => {
    const cache = new FiguresCache(0);
    let computed = 0;
    const make = () => {
      computed++;
      return empty();
    };
    await Promise.all([cache.get('x', make), cache.get('x', make)]);
    expect(computed).toBe(1);
    await cache.get('x', make);
    expect(computed).toBe(2);
  });
});
