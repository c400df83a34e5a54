import { describe, expect, it } from 'vitest';
import { csvField, sectionCsv } from './csv.ts';
import { dashboardId, dashboardQuery, distributionOf, metricsSettingsFromEnv, parseDashboardId, shareOf } from './dashboard.ts';
import { monthLabelOf, parsePeriod, subPeriods } from './periods.ts';
import { requestedPlace } from './places.ts';

const k = 5;
const shown = (value: number) => ({ value, suppressed: null }) as const;
const SMALL = { value: null, suppressed: 'SMALL_COUNT' } as const;

describe('periods: fixed, in Pakistan Standard Time', () => {
  it('are a year, a quarter or a month, from midnight PKT to midnight PKT', () => {
    expect(parsePeriod('2025')).toMatchObject({
      kind: 'YEAR',
      label: '2025',
      from: new Date('2024-12-31T19:00:00Z'),
      to: new Date('2025-12-31T19:00:00Z'),
    });
    expect(parsePeriod('2025-Q2')).toMatchObject({
      kind: 'QUARTER',
      from: new Date('2025-03-31T19:00:00Z'),
      to: new Date('2025-06-30T19:00:00Z'),
    });
    expect(parsePeriod('2025-12')).toMatchObject({
      kind: 'MONTH',
      from: new Date('2025-11-30T19:00:00Z'),
      to: new Date('2025-12-31T19:00:00Z'),
    });
  });

  it('refuse anything else, so no two answers differ by an arbitrary stretch of days', () => {
    for (const text of ['2025-1', '2025-13', '2025-Q5', '2025-01-15', '2020', ' 2025', '2025-W03', '']) {
      expect(() => parsePeriod(text), text).toThrow(/"period" must be/);
    }
  });

  it('break down into months or quarters', () => {
    expect(subPeriods(parsePeriod('2025'), 'QUARTER').map((p) => p.label)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(subPeriods(parsePeriod('2025-Q3'), 'MONTH').map((p) => p.label)).toEqual(['2025-07', '2025-08', '2025-09']);
    expect(() => subPeriods(parsePeriod('2025-Q3'), 'QUARTER')).toThrow(/MONTH only/);
  });

  it('date an instant by the month in Pakistan: 23:30 UTC on 31 January is February there', () => {
    expect(monthLabelOf(new Date('2025-01-31T23:30:00Z'))).toBe('2025-02');
    expect(monthLabelOf(new Date('2025-01-31T18:59:59Z'))).toBe('2025-01');
  });
});

describe('places', () => {
  it('are all Pakistan, a province, or a district that implies its province', () => {
    expect(requestedPlace(null, null).level).toBe('PAKISTAN');
    expect(requestedPlace('SINDH', null)).toMatchObject({ level: 'PROVINCE', province: 'SINDH' });
    expect(requestedPlace(null, 'Lahore')).toMatchObject({ level: 'DISTRICT', province: 'PUNJAB', district: 'Lahore' });
    expect(requestedPlace('PUNJAB', 'Lahore').key).toBe('PK/PUNJAB/Lahore');
  });

  it('refuse a district of another province, and names that are not places', () => {
    expect(() => requestedPlace('SINDH', 'Lahore')).toThrow(/Lahore is in PUNJAB, not in SINDH/);
    expect(() => requestedPlace(null, 'Atlantis')).toThrow(/is not one/);
    expect(() => requestedPlace('KASHMIR', null)).toThrow(/must be one of/);
  });
});

describe('the dashboard id', () => {
  it('is the parameters in canonical form, k included, and reads back to the same query', () => {
    const query = dashboardQuery({ period: '2025-Q2', district: 'Karachi South' }, k);
    expect(dashboardId(query)).toBe('2025-Q2/SINDH/Karachi South/MONTH/k5');
    expect(parseDashboardId('2025-Q2/SINDH/Karachi South/MONTH/k5', k)).toEqual(query);
  });

  it('is refused with another k, so a representation sent straight to a subgraph cannot lower it', () => {
    expect(() => parseDashboardId('2025/-/-/MONTH/k3', k)).toThrow(/another small-count threshold/);
  });

  it('is refused when malformed or not canonical', () => {
    for (const id of [
      '2025',
      '2025/-/-/MONTH',
      '2025/PUNJAB/Karachi South/MONTH/k5',
      '2025/-/-/WEEK/k5',
      '2025/-/Lahore/MONTH/k5',
      '2025/-/-/MONTH/k5/x',
    ]) {
      expect(() => parseDashboardId(id, k), id).toThrow();
    }
  });
});

describe('settings', () => {
  it('default to k = 5, 6 hours to the exam and 120 days to a verdict, and refuse nonsense', () => {
    expect(metricsSettingsFromEnv({})).toEqual({ k: 5, cacheMs: 300_000, examTargetHours: 6, verdictTargetDays: 120, prepareYears: 2 });
    expect(metricsSettingsFromEnv({ METRICS_SMALL_COUNT_THRESHOLD: '10', METRICS_CACHE_SECONDS: '0' })).toMatchObject({
      k: 10,
      cacheMs: 0,
    });
    expect(() => metricsSettingsFromEnv({ METRICS_SMALL_COUNT_THRESHOLD: '2' })).toThrow(/from 3 to 100/);
    expect(() => metricsSettingsFromEnv({ METRICS_VERDICT_TARGET_DAYS: 'soon' })).toThrow(/METRICS_VERDICT_TARGET_DAYS/);
  });
});

describe('shares and distributions', () => {
  it('withhold a share whose part or whole is withheld, and a statistic over fewer than k observations', () => {
    expect(shareOf(shown(3), shown(12)).share).toEqual({ value: 0.25, suppressed: null });
    expect(shareOf(SMALL, shown(12)).share).toEqual({ value: null, suppressed: 'RATE_OF_SUPPRESSED' });
    expect(shareOf(shown(0), shown(0)).share).toEqual({ value: null, suppressed: null });
    expect(distributionOf(shown(9), 9, { median: 4.26, p90: 20.04 }, k)).toEqual({
      observations: shown(9),
      median: { value: 4.3, suppressed: null },
      p90: { value: 20, suppressed: null },
    });
    expect(distributionOf(SMALL, 3, { median: 4, p90: 9 }, k).median).toEqual({ value: null, suppressed: 'SMALL_COUNT' });
    expect(distributionOf(shown(0), 0, { median: null, p90: null }, k).median).toEqual({ value: null, suppressed: null });
  });
});

describe('CSV', () => {
  const query = dashboardQuery({ period: '2025', province: 'SINDH' }, k);

  it('has a row per figure, read off the answer: withheld values empty with their reason', () => {
    const csv = sectionCsv(query, 'courts', {
      trialsFiled: shown(12),
      byPlace: [
        { key: 'Hyderabad', count: shown(9) },
        { key: 'Karachi South', count: SMALL },
      ],
      convictions: shareOf(shown(5), shown(10)),
      targetDays: 120,
      asOf: new Date(),
      csv: 'ignored',
    });
    expect(csv.split('\r\n')).toEqual([
      'period,province,district,metric,key,value,suppressed',
      '2025,SINDH,,courts.trialsFiled,,12,',
      '2025,SINDH,,courts.byPlace,Hyderabad,9,',
      '2025,SINDH,,courts.byPlace,Karachi South,,SMALL_COUNT',
      '2025,SINDH,,courts.convictions.part,,5,',
      '2025,SINDH,,courts.convictions.whole,,10,',
      '2025,SINDH,,courts.convictions.share,,0.5,',
      '2025,SINDH,,courts.targetDays,,120,',
      '',
    ]);
  });

  it('quotes what needs quoting and defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('Dera Ismail Khan')).toBe('Dera Ismail Khan');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12')).toBe('-12');
  });
});
