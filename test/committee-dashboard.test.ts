import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES } from '#reference-data';
import { DISTRICTS } from '#synthetic-world';
import { graphql, type GraphQLResponse } from '#test-kit';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { loadMetricsFixture } from '#test-kit';
import { startStack, type RunningStack } from '#test-kit';
import { tokenFor } from '#test-kit';
import { callerFor } from '#test-kit';

/**
 * The committee's dashboard end to end, through the gateway, on the small
 * fixed data set of support/metrics-fixture.ts (not the random seed), with
 * the default k = 5. Every expected number below is counted by hand from that
 * file; the comments show the arithmetic.
 */

let storage: IsolatedStorage;
let stack: RunningStack;
let committee: string;

beforeAll(async () => {
  storage = await isolatedStorage('committee_dashboard');
  stack = await startStack({ seed: 'none', databaseUrl: storage.storage.kind === 'postgres' ? storage.storage.url : undefined });
  await loadMetricsFixture(stack);
  committee = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'committee-member-1' });
});

afterAll(async () => {
  await stack?.stop();
  await storage?.drop();
});

const COUNT = '{ value suppressed }';
const SHARE = `{ part ${COUNT} whole ${COUNT} share ${COUNT} }`;
const DISTRIBUTION = `{ observations ${COUNT} median ${COUNT} p90 ${COUNT} }`;
const CELLS = `{ key count ${COUNT} }`;

const DASHBOARD = /* GraphQL */ `
  query Dashboard($period: String!, $province: Province, $district: String, $granularity: MetricGranularity) {
    committeeDashboard(period: $period, province: $province, district: $district, granularity: $granularity) {
      id period { label from to } province district granularity smallCountThreshold
      cases {
        reports ${COUNT} byPeriod ${CELLS} byCategory ${CELLS} byPlace ${CELLS}
        childSurvivors ${SHARE} withFir ${SHARE}
        medicoLegalExam { examined ${SHARE} hoursToExam ${DISTRIBUTION} targetHours withinTarget ${SHARE} }
        chargeSheet { filed ${SHARE} daysToChargeSheet ${DISTRIBUTION} }
        csv
      }
      attritionFunnel { stages { stage count ${COUNT} stoppedBefore ${COUNT} shareOfReported ${COUNT} shareOfPrevious ${COUNT} } csv }
      courts {
        trialsFiled ${COUNT} byPeriod ${CELLS} byPlace ${CELLS}
        decided ${SHARE} pending ${SHARE} convictions ${SHARE} daysToVerdict ${DISTRIBUTION} targetDays decidedWithinTarget ${SHARE}
        hearings { listed ${COUNT} held ${COUNT} adjourned ${SHARE} upcoming ${COUNT} }
        csv
      }
      register {
        registrations ${COUNT} byPeriod ${CELLS} byPlace ${CELLS} notifications ${COUNT} notificationsByKind ${CELLS}
        compliance { asOf activeRegistrants ${COUNT} byStatus ${CELLS} overdue ${SHARE} nonCompliant ${SHARE} }
        csv
      }
    }
  }
`;

async function dashboard(variables: Record<string, unknown>, token = committee): Promise<GraphQLResponse> {
  return graphql(stack.gatewayUrl, DASHBOARD, { token, variables });
}

const shown = (value: number) => ({ value, suppressed: null });
const rate = (value: number) => ({ value, suppressed: null });
const SMALL = { value: null, suppressed: 'SMALL_COUNT' };
const COMPLEMENTARY = { value: null, suppressed: 'COMPLEMENTARY' };
const WITHHELD_RATE = { value: null, suppressed: 'RATE_OF_SUPPRESSED' };
/** Shares and rates are given to four decimal places. */
const share = (part: number, whole: number) => ({
  part: shown(part),
  whole: shown(whole),
  share: rate(Math.round((part / whole) * 10_000) / 10_000),
});
const months = (year: number, values: Record<number, unknown>) =>
  Array.from({ length: 12 }, (_, i) => ({ key: `${year}-${String(i + 1).padStart(2, '0')}`, count: values[i + 1] ?? shown(0) }));
/** The districts of a province in the order byPlace lists them, each 0 unless given. */
const districtsOf = (province: string, values: Record<string, unknown>) =>
  DISTRICTS.filter((d) => d.province === province)
    .map((d) => d.name)
    .sort()
    .map((name) => ({ key: name, count: values[name] ?? shown(0) }));
const CATEGORIES = [
  'RAPE',
  'GANG_RAPE',
  'CHILD_SEXUAL_ABUSE',
  'UNNATURAL_OFFENCE',
  'SEXUAL_ABUSE',
  'CHILD_PORNOGRAPHY',
  'TRAFFICKING_FOR_SEXUAL_EXPLOITATION',
  'ONLINE_SEXUAL_HARASSMENT',
];
const categories = (values: Record<string, unknown>) => CATEGORIES.map((key) => ({ key, count: values[key] ?? shown(0) }));

describe('the committee dashboard on a fixed data set (k = 5)', () => {
  describe('Sindh, 2025: every figure counted by hand', () => {
    let sindh: any;
    beforeAll(async () => {
      const response = await dashboard({ period: '2025', province: 'SINDH' });
      expect(response.errors).toBeUndefined();
      sindh = response.data.committeeDashboard;
    });

    it('names its parameters', () => {
      expect(sindh).toMatchObject({
        id: '2025/SINDH/-/MONTH/k5',
        period: { label: '2025', from: '2024-12-31T19:00:00.000Z', to: '2025-12-31T19:00:00.000Z' },
        province: 'SINDH',
        district: null,
        granularity: 'MONTH',
        smallCountThreshold: 5,
      });
    });

    it('cases: 10 reports in February, 5 rapes and 5 gang rapes of children, exams, FIRs and charge sheets', () => {
      expect(sindh.cases).toEqual({
        reports: shown(10),
        byPeriod: months(2025, { 2: shown(10) }),
        byCategory: categories({ RAPE: shown(5), GANG_RAPE: shown(5) }),
        byPlace: districtsOf('SINDH', { 'Karachi South': shown(10) }),
        childSurvivors: share(5, 10),
        withFir: share(5, 10),
        medicoLegalExam: {
          examined: share(10, 10),
          // Hours 2 3 4 5 6 7 8 9 30 40: median (6 + 7) / 2 = 6.5; p90 at 0.9 × 9 = 8.1 places in: 30 + 0.1 × (40 − 30) = 31.
          hoursToExam: { observations: shown(10), median: rate(6.5), p90: rate(31) },
          targetHours: 6,
          // 2 to 6 hours are within the 6-hour target: 5 of 10.
          withinTarget: share(5, 10),
        },
        chargeSheet: {
          filed: share(5, 10),
          // Days 10 20 30 40 50: median 30; p90 at 0.9 × 4 = 3.6: 40 + 0.6 × 10 = 46.
          daysToChargeSheet: { observations: shown(5), median: rate(30), p90: rate(46) },
        },
        csv: expect.any(String),
      });
    });

    it('the funnel: 10 reported, 5 stop before an FIR, the other 5 go all the way to a conviction', () => {
      const step = (stage: string, count: number, stoppedBefore: number | null, ofPrevious: number | null) => ({
        stage,
        count: shown(count),
        stoppedBefore: stoppedBefore === null ? null : shown(stoppedBefore),
        shareOfReported: rate(count / 10),
        shareOfPrevious: ofPrevious === null ? null : rate(ofPrevious),
      });
      expect(sindh.attritionFunnel.stages).toEqual([
        step('REPORTED', 10, null, null),
        step('FIR', 5, 5, 0.5),
        step('CHARGE_SHEET', 5, 0, 1),
        step('TRIAL', 5, 0, 1),
        step('VERDICT', 5, 0, 1),
        step('CONVICTION', 5, 0, 1),
      ]);
    });

    it('courts: 10 trials filed in February, 5 convicted within 50 to 100 days, 5 pending; hearings in March', () => {
      expect(sindh.courts).toEqual({
        trialsFiled: shown(10),
        byPeriod: months(2025, { 2: shown(10) }),
        byPlace: districtsOf('SINDH', { 'Karachi South': shown(10) }),
        decided: share(5, 10),
        pending: share(5, 10),
        convictions: share(5, 5),
        // Days 50 60 70 80 100: median 70; p90 at 3.6 places in: 80 + 0.6 × 20 = 92.
        daysToVerdict: { observations: shown(5), median: rate(70), p90: rate(92) },
        targetDays: 120,
        decidedWithinTarget: share(5, 10),
        // 20 hearings: 10 held and 5 adjourned (15 listed), 5 to come; adjourned 5 of 15.
        hearings: { listed: shown(15), held: shown(10), adjourned: share(5, 15), upcoming: shown(5) },
        csv: expect.any(String),
      });
    });

    it('register: 10 registrations in April, 10 notifications in May, 5 compliant and 5 overdue now', () => {
      expect(sindh.register).toEqual({
        registrations: shown(10),
        byPeriod: months(2025, { 4: shown(10) }),
        byPlace: districtsOf('SINDH', { 'Karachi South': shown(10) }),
        notifications: shown(10),
        notificationsByKind: [
          'CHANGE_OF_NAME',
          'CHANGE_OF_ADDRESS',
          'DOMESTIC_TRAVEL',
          'INTERNATIONAL_TRAVEL',
          'PERIODIC_VERIFICATION',
        ].map((key) => ({
          key,
          count: key === 'CHANGE_OF_ADDRESS' || key === 'PERIODIC_VERIFICATION' ? shown(5) : shown(0),
        })),
        compliance: {
          asOf: expect.any(String),
          activeRegistrants: shown(10),
          byStatus: ['COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'].map((key) => ({
            key,
            count: shown(key === 'COMPLIANT' || key === 'VERIFICATION_OVERDUE' ? 5 : 0),
          })),
          overdue: share(5, 10),
          nonCompliant: share(0, 10),
        },
        csv: expect.any(String),
      });
    });

    it('each section exports the same figures as CSV', () => {
      const lines = (csv: string) => csv.trimEnd().split('\r\n');
      expect(lines(sindh.cases.csv)[0]).toBe('period,province,district,metric,key,value,suppressed');
      expect(lines(sindh.cases.csv)).toContain('2025,SINDH,,cases.reports,,10,');
      expect(lines(sindh.cases.csv)).toContain('2025,SINDH,,cases.byPlace,Karachi South,10,');
      expect(lines(sindh.cases.csv)).toContain('2025,SINDH,,cases.medicoLegalExam.hoursToExam.median,,6.5,');
      expect(lines(sindh.attritionFunnel.csv)).toContain('2025,SINDH,,attritionFunnel.stages,CONVICTION,5,');
      expect(lines(sindh.courts.csv)).toContain('2025,SINDH,,courts.hearings.adjourned.share,,0.3333,');
      expect(lines(sindh.register.csv)).toContain('2025,SINDH,,register.compliance.byStatus,VERIFICATION_OVERDUE,5,');
      // One row per figure: 1 + 12 months + 8 categories + 9 districts + 2 shares × 3 + exam (3 + 3 + 1 + 3) + charge sheet (3 + 3).
      expect(lines(sindh.cases.csv)).toHaveLength(1 + 1 + 12 + 8 + districtsOf('SINDH', {}).length + 6 + 10 + 6);
    });
  });

  describe('Punjab, 2025: 20 reports in Lahore and 2 in Faisalabad in January', () => {
    it('publishes Punjab’s 22, withholds Faisalabad’s 2 (SMALL_COUNT) and Lahore’s 20 with it, so 22 − 20 gives nothing away', async () => {
      const punjab = (await dashboard({ period: '2025', province: 'PUNJAB' })).data.committeeDashboard.cases;
      expect(punjab.reports).toEqual(shown(22));
      expect(punjab.byPlace).toEqual(districtsOf('PUNJAB', { Lahore: COMPLEMENTARY, Faisalabad: SMALL }));
      // A province's figure in a district's dashboard is the same figure: withheld the same way.
      const lahore = (await dashboard({ period: '2025', district: 'Lahore' })).data.committeeDashboard;
      expect(lahore.province).toBe('PUNJAB');
      expect(lahore.cases.reports).toEqual(COMPLEMENTARY);
      expect((await dashboard({ period: '2025', district: 'Faisalabad' })).data.committeeDashboard.cases.reports).toEqual(SMALL);
      // A rate over a withheld count is withheld.
      expect(lahore.cases.childSurvivors.share).toEqual(WITHHELD_RATE);
      expect(lahore.attritionFunnel.stages[1].shareOfReported).toEqual(WITHHELD_RATE);
    });

    it('a month of Punjab (January) shows the same: Punjab 22, its districts withheld', async () => {
      const january = (await dashboard({ period: '2025-01', province: 'PUNJAB' })).data.committeeDashboard.cases;
      expect(january.reports).toEqual(shown(22));
      expect(january.byPeriod).toEqual([{ key: '2025-01', count: shown(22) }]);
      expect(january.byPlace).toEqual(expect.arrayContaining([{ key: 'Lahore', count: COMPLEMENTARY }]));
    });
  });

  it('all Pakistan, 2025: 32 reports, 22 in Punjab and 10 in Sindh; 27 rapes and 5 gang rapes', async () => {
    const pakistan = (await dashboard({ period: '2025' })).data.committeeDashboard;
    expect(pakistan.cases.reports).toEqual(shown(32));
    expect(pakistan.cases.byPlace).toEqual(
      ['AZAD_JAMMU_KASHMIR', 'BALOCHISTAN', 'GILGIT_BALTISTAN', 'ISLAMABAD_CAPITAL_TERRITORY', 'KHYBER_PAKHTUNKHWA', 'PUNJAB', 'SINDH'].map(
        (key) => ({
          key,
          count: shown(key === 'PUNJAB' ? 22 : key === 'SINDH' ? 10 : 0),
        }),
      ),
    );
    expect(pakistan.cases.byCategory).toEqual(categories({ RAPE: shown(27), GANG_RAPE: shown(5) }));
    // Quarters instead of months: everything is in Q1 (January 22, February 10).
    const quarterly = (await dashboard({ period: '2025', granularity: 'QUARTER' })).data.committeeDashboard.cases.byPeriod;
    expect(quarterly).toEqual(
      ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((key) => ({ key, count: shown(key === '2025-Q1' ? 32 : 0) })),
    );
  });

  describe('no figure can be worked out from the others, whichever dashboards of the year a reader puts together', () => {
    const periods = ['2025', '2025-Q1', '2025-01', '2025-02', '2025-03'];
    const places: { province?: string; district?: string; key: string; children: string[] }[] = [
      { key: 'PK', children: ['PK/PUNJAB', 'PK/SINDH'] },
      {
        province: 'PUNJAB',
        key: 'PK/PUNJAB',
        children: DISTRICTS.filter((d) => d.province === 'PUNJAB').map((d) => `PK/PUNJAB/${d.name}`),
      },
      { province: 'SINDH', key: 'PK/SINDH', children: DISTRICTS.filter((d) => d.province === 'SINDH').map((d) => `PK/SINDH/${d.name}`) },
      ...['Lahore', 'Faisalabad'].map((district) => ({ district, key: `PK/PUNJAB/${district}`, children: [] })),
      { district: 'Karachi South', key: 'PK/SINDH/Karachi South', children: [] },
    ];

    it('gives every figure of reports the same answer everywhere, and no equation between them pins a withheld one', async () => {
      const seen = new Map<string, { value: number | null; suppressed: string | null }>();
      const record = (key: string, value: { value: number | null; suppressed: string | null }) => {
        const before = seen.get(key);
        if (before) expect(value, key).toEqual(before);
        seen.set(key, value);
      };
      for (const period of periods) {
        for (const place of places) {
          const response = await dashboard({ period, province: place.province, district: place.district });
          const cases = response.data.committeeDashboard.cases;
          record(`${period}|${place.key}`, cases.reports);
          for (const cell of cases.byPeriod) record(`${cell.key}|${place.key}`, cell.count);
          for (const cell of cases.byPlace) record(`${period}|${place.key}/${cell.key}`, cell.count);
        }
      }
      // A reader's equations: a period of a place is the sum of its months (Q1 and the year: only Q1 has data, so the
      // year = Q1); a place is the sum of the places under it.
      const equations: { total: string; members: string[] }[] = [];
      for (const place of places) {
        equations.push({ total: `2025-Q1|${place.key}`, members: ['2025-01', '2025-02', '2025-03'].map((m) => `${m}|${place.key}`) });
        for (const period of periods)
          if (place.children.length > 0)
            equations.push({ total: `${period}|${place.key}`, members: place.children.map((c) => `${period}|${c}`) });
      }
      const pinned: string[] = [];
      for (const { total, members } of equations) {
        const totalValue = seen.get(total);
        const values = members.map((m) => seen.get(m) ?? shown(0));
        if (!totalValue || totalValue.value === null) continue;
        const withheld = members.filter((_, i) => values[i]!.value === null);
        const rest = totalValue.value - values.reduce((sum, v) => sum + (v.value ?? 0), 0);
        // One withheld figure would be the total minus the rest; several must not add up to a small count.
        if ((withheld.length === 1 && rest > 0) || (withheld.length > 1 && rest >= 1 && rest < 5))
          pinned.push(`${total} = ${members.join(' + ')}: ${rest} left for ${withheld.join(', ')}`);
      }
      expect(pinned).toEqual([]);
      expect([...seen.values()].some((value) => value.value === null)).toBe(true);
    });
  });

  describe('refusals', () => {
    it('refuses the dashboard to every agency but the committee, and to a caller without a token', async () => {
      for (const agency of AGENCIES.filter((a) => a !== 'SPECIAL_COMMITTEE')) {
        const identity = callerFor(agency).identity;
        const token = identity ? await tokenFor(identity) : undefined;
        const response = await graphql(stack.gatewayUrl, '{ committeeDashboard(period: "2025") { id cases { reports { value } } } }', {
          token,
        });
        expect(response.data?.committeeDashboard ?? null, agency).toBeNull();
        expect(
          response.errors?.map((error) => error.extensions?.code),
          agency,
        ).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
        expect(JSON.stringify(response), agency).not.toMatch(/"value":\s*\d/);
      }
    });

    it('refuses each section straight at its subgraph to other agencies, and a dashboard id with another k', async () => {
      const query =
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on CommitteeDashboard { courts { trialsFiled { value } } } } }';
      const ssoiu = await tokenFor({ agency: 'SSOIU', province: 'SINDH', sub: 'officer-1' });
      const refused = await graphql(stack.subgraphUrls.courts, query, {
        token: ssoiu,
        variables: { r: [{ __typename: 'CommitteeDashboard', id: '2025/SINDH/-/MONTH/k5' }] },
      });
      expect(JSON.stringify(refused.data)).not.toMatch(/"value":\s*\d/);
      expect(refused.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHORIZED_FIELD_OR_TYPE');

      const lowered = await graphql(stack.subgraphUrls.courts, query, {
        token: committee,
        variables: { r: [{ __typename: 'CommitteeDashboard', id: '2025/SINDH/-/MONTH/k3' }] },
      });
      expect(JSON.stringify(lowered.data)).not.toMatch(/"value":\s*\d/);
      expect(lowered.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('answers bad parameters with BAD_USER_INPUT and nothing else', async () => {
      for (const variables of [
        { period: '2025-13' },
        { period: '2025-01-01' },
        { period: '2025', province: 'SINDH', district: 'Lahore' },
        { period: '2025-Q1', granularity: 'QUARTER' },
        { period: '2025', district: 'Atlantis' },
      ]) {
        const response = await dashboard(variables);
        expect(response.data?.committeeDashboard ?? null, JSON.stringify(variables)).toBeNull();
        expect(
          response.errors?.map((error) => error.extensions?.code),
          JSON.stringify(variables),
        ).toEqual(['BAD_USER_INPUT']);
      }
    });
  });
});
