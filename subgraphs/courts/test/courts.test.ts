import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { PROSECUTORS, SPECIAL_COURTS, generateCases, type CaseFacts, type ConvictionFacts, type TrialFacts } from '#synthetic-world';
import { defaultSubgraphParts } from '#subgraph';

// Every expectation below is derived from the synthetic world the seeder reads (scale 1), never
// from what the subgraph answered before.
const SCALE = 1;
const DAY_MS = 24 * 60 * 60 * 1000;

let subgraph: SubgraphUnderTest;
let cases: CaseFacts[];
let trials: TrialFacts[];

beforeAll(async () => {
  cases = [...generateCases(SCALE)];
  trials = cases.flatMap((facts) => (facts.trial ? [facts.trial] : []));
  // Resolver logic against the world, every row and field: the access policy is off here and tested with it on in test/access-*.test.ts.
  // No relay: its poll of the outbox would land in the statements counted per request here (nothing is emitted anyway).
  subgraph = await startSubgraphForTest('courts', {
    seedScale: SCALE,
    env: { ...process.env, EVENTS_RELAY: 'off' },
    // Resolver logic alone, every row and field as PUBLIC (no token): neither the access policy nor the operation
    // limits, whose cost ceiling would refuse the largest pages asked here (test/operation-limits.test.ts tests them).
    parts: defaultSubgraphParts({ leaveOut: ['enforcement', 'operation-limits'] }),
  });
});
afterAll(() => subgraph?.stop());

const query = (text: string, variables?: Record<string, unknown>) => graphql(subgraph.url, text, { variables });

/** What the database orders by: PostgreSQL compares uuids byte-wise, as JS compares lowercase hex strings. */
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const byFiledAt = (a: TrialFacts, b: TrialFacts) => compare(a.filedAt.getTime(), b.filedAt.getTime()) || compare(a.id, b.id);
const byCaseNumber = (a: TrialFacts, b: TrialFacts) => compare(a.caseNumber, b.caseNumber);
const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);
const iso = (date: Date) => date.toISOString();

const convictionsOf = (trial: TrialFacts): ConvictionFacts[] => trial.verdict?.convictions ?? [];
const isPending = (trial: TrialFacts) => trial.verdict === null;
const daysBetween = (from: Date, to: number) => Math.floor((to - from.getTime()) / DAY_MS);

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE_QUERY = `query($filter: TrialFilter, $orderBy: TrialOrder, $first: Int, $after: String) {
  trials(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(variables: Record<string, unknown>): Promise<Page> {
  const response = await query(PAGE_QUERY, variables);
  expect(response.errors).toBeUndefined();
  return response.data.trials as Page;
}

/** Every id of a filtered, ordered list, following the cursors page by page. */
async function collect(
  filter: Record<string, unknown>,
  orderBy?: Record<string, unknown>,
  first = 200,
): Promise<{ ids: string[]; totalCount: number }> {
  const collected: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const result: Page = await page({ filter, orderBy, first, after });
    totalCount = result.totalCount;
    collected.push(...result.edges.map((edge) => edge.node.id));
    if (!result.pageInfo.hasNextPage) return { ids: collected, totalCount };
    after = result.pageInfo.endCursor;
  }
}

const TRIAL_FIELDS = `
  id caseNumber status filedAt daysElapsed
  court { id name judge district province }
  case { id }
  prosecutor { id name office }
  charges { offenceSection framedAt accusedName }
  hearings { id scheduledFor purpose outcome adjournmentReason inCamera }
  verdict {
    decidedAt outcome
    convictions { id offenceSection convictedAt offender { id } trial { id }
      sentence { description imprisonmentYears lifeImprisonment death fineRupees } }
  }`;

/** The Trial the API should answer for a world trial; daysElapsed is checked apart (it moves with the clock). */
function expectedTrial(trial: TrialFacts) {
  const court = SPECIAL_COURTS.find((c) => c.id === trial.courtId)!;
  const prosecutor = PROSECUTORS.find((p) => p.id === trial.prosecutorId)!;
  return {
    id: trial.id,
    caseNumber: trial.caseNumber,
    status: trial.status,
    filedAt: iso(trial.filedAt),
    court: { id: court.id, name: court.name, judge: court.judge, district: court.district, province: court.province },
    case: { id: trial.caseId },
    prosecutor: { id: prosecutor.id, name: prosecutor.name, office: prosecutor.office },
    charges: trial.charges.map((c) => ({ offenceSection: c.offenceSection, framedAt: iso(c.framedAt), accusedName: c.accusedName })),
    hearings: [...trial.hearings]
      .sort((a, b) => compare(a.scheduledFor.getTime(), b.scheduledFor.getTime()) || compare(a.id, b.id))
      .map((h) => ({ ...h, scheduledFor: iso(h.scheduledFor) })),
    verdict: trial.verdict && {
      decidedAt: iso(trial.verdict.decidedAt),
      outcome: trial.verdict.outcome,
      convictions: [...trial.verdict.convictions]
        .sort((a, b) => compare(a.suspectPosition, b.suspectPosition))
        .map((c) => expectedConviction(c, trial)),
    },
  };
}

function expectedConviction(conviction: ConvictionFacts, trial: TrialFacts) {
  return {
    id: conviction.id,
    offenceSection: conviction.offenceSection,
    convictedAt: iso(conviction.convictedAt),
    offender: { id: conviction.offenderId },
    trial: { id: trial.id },
    sentence: { ...conviction.sentence },
  };
}

function expectDaysElapsed(trial: TrialFacts, answered: number, before: number, after: number) {
  if (trial.verdict) expect(answered).toBe(daysBetween(trial.filedAt, trial.verdict.decidedAt.getTime()));
  else expect([daysBetween(trial.filedAt, before), daysBetween(trial.filedAt, after)]).toContain(answered);
}

describe('courts subgraph', () => {
  it('seeds a world with trials of every kind the tests rely on', () => {
    expect(trials.length).toBeGreaterThan(200);
    expect(trials.some((t) => convictionsOf(t).length > 0)).toBe(true);
    expect(trials.some(isPending)).toBe(true);
    expect(cases.some((c) => c.trial === null)).toBe(true);
  });

  it('lists the special courts, all or by province', async () => {
    const all = await query('{ specialCourts { id name judge district province } }');
    expect(new Set(ids(all.data.specialCourts))).toEqual(new Set(ids(SPECIAL_COURTS)));
    const court = SPECIAL_COURTS[0]!;
    expect(all.data.specialCourts).toContainEqual({
      id: court.id,
      name: court.name,
      judge: court.judge,
      district: court.district,
      province: court.province,
    });

    const sindh = await query('{ specialCourts(province: SINDH) { id } }');
    expect(new Set(ids(sindh.data.specialCourts))).toEqual(new Set(ids(SPECIAL_COURTS.filter((c) => c.province === 'SINDH'))));
  });

  it('looks a trial up by id, with everything nested, as the world has it', async () => {
    const decided = trials.find((t) => convictionsOf(t).length > 0 && t.charges.length > 0)!;
    const pending = trials.find((t) => isPending(t) && t.hearings.some((h) => h.outcome === 'ADJOURNED'))!;
    for (const trial of [decided, pending]) {
      const before = Date.now();
      const { data, errors } = await query(`query($id: ID!) { trial(id: $id) { ${TRIAL_FIELDS} } }`, { id: trial.id });
      const after = Date.now();
      expect(errors).toBeUndefined();
      const { daysElapsed, ...answered } = data.trial;
      expect(answered).toEqual(expectedTrial(trial));
      expectDaysElapsed(trial, daysElapsed, before, after);
    }
  });

  it('answers null for an unknown or malformed trial id', async () => {
    const { data, errors } = await query(
      '{ a: trial(id: "00000000-0000-4000-8000-000000000000") { id } b: trial(id: "not-a-uuid") { id } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ a: null, b: null });
  });

  it('looks a trial up by its case number', async () => {
    const trial = trials[trials.length - 1]!;
    const { data } = await query('query($n: String!) { trialByCaseNumber(caseNumber: $n) { id caseNumber } }', { n: trial.caseNumber });
    expect(data.trialByCaseNumber).toEqual({ id: trial.id, caseNumber: trial.caseNumber });
    const missing = await query('{ trialByCaseNumber(caseNumber: "SC-XXX-1900-0000") { id } }');
    expect(missing.data.trialByCaseNumber).toBeNull();
  });

  it('lists every trial, newest filing first by default', async () => {
    const { ids: listed, totalCount } = await collect({});
    expect(totalCount).toBe(trials.length);
    expect(listed).toEqual(ids([...trials].sort(byFiledAt).reverse()));
  });

  it('orders by filing date or case number, either way', async () => {
    const orders = [
      { orderBy: { field: 'FILED_AT', direction: 'ASC' }, expected: [...trials].sort(byFiledAt) },
      { orderBy: { field: 'CASE_NUMBER', direction: 'ASC' }, expected: [...trials].sort(byCaseNumber) },
      { orderBy: { field: 'CASE_NUMBER', direction: 'DESC' }, expected: [...trials].sort(byCaseNumber).reverse() },
    ];
    for (const { orderBy, expected } of orders) {
      const { ids: listed } = await collect({}, orderBy, 150);
      expect(listed, JSON.stringify(orderBy)).toEqual(ids(expected));
    }
  });

  it('filters by every TrialFilter field, alone and together', async () => {
    const court = SPECIAL_COURTS.find((c) => trials.filter((t) => t.courtId === c.id).length > 3)!;
    const district = trials[0]!.district;
    const filedFrom = trials[Math.floor(trials.length / 3)]!.filedAt;
    const filedBefore = trials[Math.floor((2 * trials.length) / 3)]!.filedAt;
    const [from, before] = filedFrom < filedBefore ? [filedFrom, filedBefore] : [filedBefore, filedFrom];
    const now = Date.now();
    const filters: { filter: Record<string, unknown>; expected: (t: TrialFacts) => boolean }[] = [
      { filter: { province: 'PUNJAB' }, expected: (t) => t.province === 'PUNJAB' },
      { filter: { district }, expected: (t) => t.district === district },
      { filter: { courtId: court.id }, expected: (t) => t.courtId === court.id },
      { filter: { status: ['DECIDED'] }, expected: (t) => t.status === 'DECIDED' },
      { filter: { status: ['ARGUMENTS', 'TRANSFERRED'] }, expected: (t) => t.status === 'ARGUMENTS' || t.status === 'TRANSFERRED' },
      { filter: { filedFrom: iso(from) }, expected: (t) => t.filedAt >= from },
      { filter: { filedBefore: iso(before) }, expected: (t) => t.filedAt < before },
      { filter: { filedFrom: iso(from), filedBefore: iso(before) }, expected: (t) => t.filedAt >= from && t.filedAt < before },
      { filter: { pendingLongerThanDays: 120 }, expected: (t) => isPending(t) && t.filedAt.getTime() < now - 120 * DAY_MS },
      { filter: { pendingLongerThanDays: 0 }, expected: (t) => isPending(t) },
      {
        filter: { province: 'PUNJAB', status: ['PROSECUTION_EVIDENCE'], pendingLongerThanDays: 200 },
        expected: (t) => t.province === 'PUNJAB' && t.status === 'PROSECUTION_EVIDENCE' && t.filedAt.getTime() < now - 200 * DAY_MS,
      },
    ];
    for (const { filter, expected } of filters) {
      const matching = trials.filter(expected);
      expect(matching.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const { ids: listed, totalCount } = await collect(filter);
      expect(totalCount, JSON.stringify(filter)).toBe(matching.length);
      expect(listed, JSON.stringify(filter)).toEqual(ids(matching.sort(byFiledAt).reverse()));
    }
  });

  it('pages with cursors: the second page follows the first with no overlap', async () => {
    for (const orderBy of [undefined, { field: 'CASE_NUMBER', direction: 'ASC' }]) {
      const first = await page({ orderBy, first: 10 });
      const second = await page({ orderBy, first: 10, after: first.pageInfo.endCursor });
      const both = await page({ orderBy, first: 20 });
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(first.pageInfo.startCursor).toBe(first.edges[0]!.cursor);
      expect(first.pageInfo.endCursor).toBe(first.edges[9]!.cursor);
      expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const firstIds = first.edges.map((e) => e.node.id);
      const secondIds = second.edges.map((e) => e.node.id);
      expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
      expect([...firstIds, ...secondIds]).toEqual(both.edges.map((e) => e.node.id));
    }
    const last = await page({
      first: 5,
      orderBy: { field: 'FILED_AT', direction: 'ASC' },
      filter: { filedBefore: iso([...trials].sort(byFiledAt)[4]!.filedAt) },
    });
    expect(last.edges.length).toBeLessThanOrEqual(5);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses page sizes out of range and malformed cursors with BAD_USER_INPUT, and nothing else', async () => {
    const caseNumberCursor = (await page({ first: 1, orderBy: { field: 'CASE_NUMBER', direction: 'ASC' } })).pageInfo.endCursor;
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    const refused: Record<string, unknown>[] = [
      { first: 0 },
      { first: 501 },
      { first: -3 },
      { after: 'not-a-cursor' },
      { after: forged },
      { after: caseNumberCursor }, // a cursor of another order
      { filter: { pendingLongerThanDays: -1 } },
      { filter: { courtId: 'court-1' } },
    ];
    for (const variables of refused) {
      const response = await query(PAGE_QUERY, variables);
      expect(response.data, JSON.stringify(variables)).toEqual({ trials: null });
      expect(response.errors, JSON.stringify(variables)).toHaveLength(1);
      const [error] = response.errors!;
      expect(error!.extensions, JSON.stringify(variables)).toEqual({ code: 'BAD_USER_INPUT' });
      expect(error!.message).not.toMatch(/select|from "|courts\.|at .*\.ts|postgres|pglite/i);
    }
    expect((await page({ first: 500 })).edges).toHaveLength(Math.min(500, trials.length));
  });

  it('looks a conviction up by id', async () => {
    const trial = trials.find((t) => convictionsOf(t).length > 0)!;
    const conviction = convictionsOf(trial)[0]!;
    const fields =
      'id offenceSection convictedAt offender { id } trial { id } sentence { description imprisonmentYears lifeImprisonment death fineRupees }';
    const { data } = await query(`query($id: ID!) { conviction(id: $id) { ${fields} } }`, { id: conviction.id });
    expect(data.conviction).toEqual(expectedConviction(conviction, trial));
    const unknown = await query('{ conviction(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.data.conviction).toBeNull();
  });

  describe('federation', () => {
    const ENTITIES =
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ...on Trial { id caseNumber } ...on Conviction { id offenceSection } } }';

    it('resolves Trial and Conviction references, null for unknown ones', async () => {
      const trial = trials.find((t) => convictionsOf(t).length > 0)!;
      const conviction = convictionsOf(trial)[0]!;
      const { data, errors } = await query(ENTITIES, {
        r: [
          { __typename: 'Trial', id: trial.id },
          { __typename: 'Conviction', id: conviction.id },
          { __typename: 'Trial', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Conviction', id: 'not-a-uuid' },
        ],
      });
      expect(errors).toBeUndefined();
      expect(data._entities).toEqual([
        { __typename: 'Trial', id: trial.id, caseNumber: trial.caseNumber },
        { __typename: 'Conviction', id: conviction.id, offenceSection: conviction.offenceSection },
        null,
        null,
      ]);
    });

    it('adds the trial to a Case reference: null when the case never reached a court', async () => {
      const tried = cases.find((c) => c.trial !== null)!;
      const untried = cases.find((c) => c.trial === null)!;
      const { data, errors } = await query(
        'query($r: [_Any!]!) { _entities(representations: $r) { ...on Case { id trial { id caseNumber case { id } } } } }',
        {
          r: [
            { __typename: 'Case', id: tried.id },
            { __typename: 'Case', id: untried.id },
          ],
        },
      );
      expect(errors).toBeUndefined();
      expect(data._entities).toEqual([
        { id: tried.id, trial: { id: tried.trial!.id, caseNumber: tried.trial!.caseNumber, case: { id: tried.id } } },
        { id: untried.id, trial: null },
      ]);
    });

    it('adds the convictions to an Offender reference: an empty list when there are none', async () => {
      const byOffender = new Map<string, { conviction: ConvictionFacts; trial: TrialFacts }[]>();
      for (const trial of trials) {
        for (const conviction of convictionsOf(trial)) {
          byOffender.set(conviction.offenderId, [...(byOffender.get(conviction.offenderId) ?? []), { conviction, trial }]);
        }
      }
      const [offenderId, convictions] = [...byOffender.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
      const { data, errors } = await query(
        'query($r: [_Any!]!) { _entities(representations: $r) { ...on Offender { id convictions { id trial { id } } } } }',
        {
          r: [
            { __typename: 'Offender', id: offenderId },
            { __typename: 'Offender', id: '00000000-0000-4000-8000-000000000000' },
          ],
        },
      );
      expect(errors).toBeUndefined();
      expect(data._entities[0].id).toBe(offenderId);
      expect(new Set(data._entities[0].convictions)).toEqual(
        new Set(convictions.map(({ conviction, trial }) => ({ id: conviction.id, trial: { id: trial.id } }))),
      );
      expect(data._entities[1]).toEqual({ id: '00000000-0000-4000-8000-000000000000', convictions: [] });
    });
  });

  describe('statements per request do not grow with the rows returned', () => {
    const statementsFor = async (text: string, variables: Record<string, unknown>, check: (data: any) => void) => {
      const before = subgraph.service.database.statementCount();
      const { data, errors } = await query(text, variables);
      expect(errors).toBeUndefined();
      check(data);
      return subgraph.service.database.statementCount() - before;
    };

    // Decided trials, the most recent convicted one first, so even the short list reaches every loader.
    const decidedList = () => {
      const decided = trials
        .filter((t) => t.status === 'DECIDED')
        .sort(byFiledAt)
        .reverse();
      const start = decided.findIndex((t) => convictionsOf(t).length > 0 && t.charges.length > 0);
      return decided.slice(start);
    };

    it('a page of 10 or 200 trials with everything nested', async () => {
      const list = decidedList();
      const filter = { status: ['DECIDED'], filedBefore: new Date(list[0]!.filedAt.getTime() + 1).toISOString() };
      const text = `query($filter: TrialFilter, $first: Int) { trials(filter: $filter, first: $first) { totalCount edges { node { ${TRIAL_FIELDS} } } } }`;
      const small = await statementsFor(text, { filter, first: 10 }, (data) => {
        expect(data.trials.edges[0].node.verdict.convictions.length).toBeGreaterThan(0);
        expect(data.trials.edges).toHaveLength(10);
      });
      const large = await statementsFor(text, { filter, first: 200 }, (data) =>
        expect(data.trials.edges).toHaveLength(Math.min(200, list.length)),
      );
      expect(list.length).toBeGreaterThan(10);
      expect(large).toBe(small);
    });

    it('10 or 200 _entities of Case, Trial, Conviction and Offender with everything nested', async () => {
      const list = decidedList();
      const convictions = list.flatMap((t) => convictionsOf(t));
      const representations = (count: number) => [
        ...list.slice(0, count).map((t) => ({ __typename: 'Case', id: t.caseId })),
        ...list.slice(0, count).map((t) => ({ __typename: 'Trial', id: t.id })),
        ...convictions.slice(0, count).map((c) => ({ __typename: 'Conviction', id: c.id })),
        ...convictions.slice(0, count).map((c) => ({ __typename: 'Offender', id: c.offenderId })),
      ];
      const text = `query($r: [_Any!]!) { _entities(representations: $r) {
        ...on Case { id trial { ${TRIAL_FIELDS} } }
        ...on Trial { ${TRIAL_FIELDS} }
        ...on Conviction { id convictedIn: trial { id court { name } hearings { id } } }
        ...on Offender { id convictions { id sentence { description } trial { id caseNumber } } }
      } }`;
      const small = await statementsFor(text, { r: representations(10) }, (data) => expect(data._entities).toHaveLength(40));
      const count = Math.min(200, list.length, convictions.length);
      const large = await statementsFor(text, { r: representations(count) }, (data) => {
        expect(data._entities).toHaveLength(4 * count);
        expect(data._entities.every((entity: unknown) => entity !== null)).toBe(true);
      });
      expect(large).toBe(small);
    });

    it('200 Case references asking for trial { hearings verdict { convictions } } cost as much as 10', async () => {
      const withTrial = cases.filter((c) => c.trial !== null && convictionsOf(c.trial).length > 0);
      const mixed = [...withTrial, ...cases.filter((c) => c.trial === null)];
      const text =
        'query($r: [_Any!]!) { _entities(representations: $r) { ...on Case { id trial { hearings { id } verdict { convictions { id } } } } } }';
      const representations = (count: number) => mixed.slice(0, count).map((c) => ({ __typename: 'Case', id: c.id }));
      const small = await statementsFor(text, { r: representations(10) }, (data) => expect(data._entities).toHaveLength(10));
      const large = await statementsFor(text, { r: representations(200) }, (data) => expect(data._entities).toHaveLength(200));
      expect(large).toBe(small);
    });
  });
});
