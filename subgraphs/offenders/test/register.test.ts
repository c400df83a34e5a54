import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, type GraphQLResponse } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { AUDIT_WRITE_STATEMENTS } from '#audit';
import { generateCases, registerEntries, type OffenderFacts } from '#synthetic-world';
import { pakistanDate } from '#reference-data';
import { defaultSubgraphParts } from '#subgraph';
import { assessCompliance, DEFAULT_COMPLIANCE_SETTINGS, plusDays } from '../src/compliance/index.ts';

// Every expectation is derived from the synthetic world the seeder reads (scale 1), never from
// what the subgraph answered before; compliance, by the register's rules (at their default
// settings, tested on their own in compliance-rules.test.ts) judged today.
const WORLD: OffenderFacts[] = [...registerEntries(1)];
const complianceOf = (entry: OffenderFacts) => assessCompliance(entry, entry.notifications, DEFAULT_COMPLIANCE_SETTINGS, new Date());
const REGISTERED_CNICS = new Set(WORLD.map((entry) => entry.cnic));

const OFFENDER_FIELDS = `
  id registerNumber fullName aliases cnic dateOfBirth
  currentAddress { line1 city district province }
  province district registeredAt registrationEndsAt riskTier
  notifications { id kind submittedAt details occursOn verifiedAt }
  compliance { status lastVerifiedAt nextVerificationDue daysUntilVerificationDue missedNotifications missedDeadline abscondedAt }
`;

const SEARCH = `
  query Search($filter: RegisterFilter, $orderBy: RegisterOrder, $first: Int, $after: String) {
    searchRegister(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${OFFENDER_FIELDS} } }
    }
  }
`;

const ENTITIES = `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Offender { ${OFFENDER_FIELDS} } }
  }
`;

/** What the subgraph should answer for an entry, straight from the world's facts. */
function expected(entry: OffenderFacts) {
  const compliance = complianceOf(entry);
  const notifications = [...entry.notifications].sort(
    (a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.id.localeCompare(b.id),
  );
  return {
    id: entry.id,
    registerNumber: entry.registerNumber,
    fullName: entry.fullName,
    aliases: entry.aliases,
    cnic: entry.cnic,
    dateOfBirth: entry.dateOfBirth,
    currentAddress: entry.currentAddress,
    province: entry.province,
    district: entry.district,
    registeredAt: entry.registeredAt.toISOString(),
    registrationEndsAt: entry.registrationEndsAt,
    riskTier: entry.riskTier,
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      submittedAt: n.submittedAt.toISOString(),
      details: n.details,
      occursOn: n.occursOn,
      verifiedAt: n.verifiedAt?.toISOString() ?? null,
    })),
    compliance: {
      ...compliance,
      lastVerifiedAt: compliance.lastVerifiedAt?.toISOString() ?? null,
      abscondedAt: compliance.abscondedAt?.toISOString() ?? null,
    },
  };
}

type Direction = 'ASC' | 'DESC';
const byRegisteredAt = (direction: Direction) => (a: OffenderFacts, b: OffenderFacts) => {
  const order = a.registeredAt.getTime() - b.registeredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return direction === 'ASC' ? order : -order;
};
const byVerificationDue = (direction: Direction) => (a: OffenderFacts, b: OffenderFacts) => {
  const [dueA, dueB] = [complianceOf(a).nextVerificationDue, complianceOf(b).nextVerificationDue];
  const order = dueA < dueB ? -1 : dueA > dueB ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return direction === 'ASC' ? order : -order;
};
const byRegisterNumber = (direction: Direction) => (a: OffenderFacts, b: OffenderFacts) => {
  const order = a.registerNumber < b.registerNumber ? -1 : a.registerNumber > b.registerNumber ? 1 : 0;
  return direction === 'ASC' ? order : -order;
};
const ids = (entries: OffenderFacts[]) => entries.map((entry) => entry.id);

interface SearchData {
  searchRegister: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: ReturnType<typeof expected> }[];
  };
}

/** Only the error a client should see: a message and a public code, nothing of the database. */
function expectBadUserInput(response: GraphQLResponse) {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect(error!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  expect(error!.message).not.toMatch(/select|from "|offenders\.|uuid|timestamp|syntax|stack/i);
  expect(JSON.stringify(response)).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('offenders subgraph', () => {
  let subgraph: SubgraphUnderTest;
  const query = <T = any>(text: string, variables?: Record<string, unknown>) => graphql<T>(subgraph.url, text, { variables });
  const search = (variables: Record<string, unknown>) => query<SearchData>(SEARCH, variables);

  /** Every page of a search, following endCursor. */
  async function searchAll(variables: Record<string, unknown>, first = 1000) {
    const nodes: ReturnType<typeof expected>[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<SearchData> = await search({ ...variables, first, after });
      expect(response.errors).toBeUndefined();
      const page = response.data!.searchRegister;
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    // Resolver logic against the world, every row and field: the access policy is off here and tested with it on in test/access-*.test.ts.
    // No relay: its outbox poll would be counted among the statements these tests count.
    subgraph = await startSubgraphForTest('offenders', {
      env: { ...process.env, EVENTS_RELAY: 'off' },
      // Resolver logic alone, every row and field as PUBLIC (no token): neither the access policy nor the operation
      // limits, whose cost ceiling would refuse the largest pages asked here (test/operation-limits.test.ts tests them).
      parts: defaultSubgraphParts({ leaveOut: ['enforcement', 'operation-limits'] }),
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
  });

  it('the world at scale 1 has entries of both sources, with aliases and notifications', () => {
    expect(WORLD.some((entry) => entry.source.kind === 'historical')).toBe(true);
    expect(WORLD.some((entry) => entry.source.kind === 'conviction')).toBe(true);
    expect(WORLD.some((entry) => entry.aliases.length > 0)).toBe(true);
    expect(WORLD.some((entry) => entry.notifications.length > 1)).toBe(true);
  });

  describe('lookups', () => {
    const historical = WORLD.find(
      (entry) => entry.source.kind === 'historical' && entry.aliases.length > 0 && entry.notifications.length > 1,
    )!;
    const convicted = WORLD.find((entry) => entry.source.kind === 'conviction')!;

    it.each([
      ['a historical entry', historical],
      ['an entry from a seeded conviction', convicted],
    ])('offender(id) answers %s as the world made it', async (_, entry) => {
      const response = await query(`query ($id: ID!) { offender(id: $id) { ${OFFENDER_FIELDS} } }`, { id: entry.id });
      expect(response.errors).toBeUndefined();
      expect(response.data.offender).toEqual(expected(entry));
    });

    it('offender(id) answers null for an unknown id, and BAD_USER_INPUT for a malformed one or a malformed register number', async () => {
      const unknown = await query(
        `{ unknown: offender(id: "00000000-0000-5000-8000-000000000000") { id } history: registerEntryHistory(offenderId: "00000000-0000-5000-8000-000000000000") { convictionId } }`,
      );
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data).toEqual({ unknown: null, history: [] });
      const malformed = await query(
        `{ id: offender(id: "NSOR-1") { id } history: registerEntryHistory(offenderId: "NSOR-1") { convictionId } number: offenderByRegisterNumber(registerNumber: "NSOR-1") { id } }`,
      );
      expect(malformed.data).toEqual({ id: null, history: null, number: null });
      expect(malformed.errors?.map((error) => [error.path?.join('.'), error.extensions?.code]).sort()).toEqual([
        ['history', 'BAD_USER_INPUT'],
        ['id', 'BAD_USER_INPUT'],
        ['number', 'BAD_USER_INPUT'],
      ]);
    });

    it('offender(id) accepts the id in upper case, as some clients print UUIDs', async () => {
      const response = await query(`query ($id: ID!) { offender(id: $id) { id } }`, { id: historical.id.toUpperCase() });
      expect(response.data).toEqual({ offender: { id: historical.id } });
    });

    it('offenderByCnic finds the entry by its natural key', async () => {
      const response = await query(`query ($cnic: String!) { offenderByCnic(cnic: $cnic) { ${OFFENDER_FIELDS} } }`, {
        cnic: convicted.cnic,
      });
      expect(response.errors).toBeUndefined();
      expect(response.data.offenderByCnic).toEqual(expected(convicted));
    });

    it('offenderByCnic answers null for a well-formed CNIC that is not on the register', async () => {
      const cnic = unregisteredSuspectCnic();
      const response = await query(`query ($cnic: String!) { offenderByCnic(cnic: $cnic) { id } }`, { cnic });
      expect(response.errors).toBeUndefined();
      expect(response.data.offenderByCnic).toBeNull();
    });

    it.each(['3520212345678', '35202-1234567', '35202-1234567-12', "' or 1=1 --", ''])(
      'offenderByCnic refuses the malformed CNIC %j as bad input',
      async (cnic) => {
        const response = await query(`query ($cnic: String!) { offenderByCnic(cnic: $cnic) { id } }`, { cnic });
        expectBadUserInput(response);
        expect(response.errors![0]!.message).toContain('NNNNN-NNNNNNN-N');
        expect(response.errors![0]!.path).toEqual(['offenderByCnic']);
        expect(response.data).toEqual({ offenderByCnic: null });
      },
    );

    it('offenderByRegisterNumber finds the entry by its register number, null when unknown', async () => {
      const response = await query(
        `query ($number: String!) { found: offenderByRegisterNumber(registerNumber: $number) { id registerNumber } unknown: offenderByRegisterNumber(registerNumber: "NSOR-PB-1999-000000") { id } }`,
        { number: historical.registerNumber },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ found: { id: historical.id, registerNumber: historical.registerNumber }, unknown: null });
    });
  });

  describe('searchRegister', () => {
    it('lists the whole register, newest registration first by default, every entry as the world made it', async () => {
      const { nodes, totalCount } = await searchAll({});
      expect(totalCount).toBe(WORLD.length);
      expect(nodes).toEqual([...WORLD].sort(byRegisteredAt('DESC')).map(expected));
    });

    const today = pakistanDate(new Date());
    const district = mostCommon(WORLD.map((entry) => entry.district));
    const province = mostCommon(WORLD.map((entry) => entry.province));
    const sorted = [...WORLD].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    const middle = sorted[Math.floor(sorted.length / 2)]!.registeredAt;
    const later = sorted[Math.floor((sorted.length * 3) / 4)]!.registeredAt;
    /** Due from today to `days` later, and owed: the registration still runs on the day it falls due. */
    const dueWithin = (e: OffenderFacts, days: number) => {
      const due = complianceOf(e).nextVerificationDue;
      return due >= today && due <= plusDays(today, days) && due <= e.registrationEndsAt;
    };

    const filters: [string, Record<string, unknown>, (entry: OffenderFacts) => boolean][] = [
      ['province', { province }, (e) => e.province === province],
      ['district', { district }, (e) => e.district === district],
      ['riskTier', { riskTier: ['HIGH'] }, (e) => e.riskTier === 'HIGH'],
      ['riskTier (several)', { riskTier: ['LOW', 'MEDIUM'] }, (e) => e.riskTier === 'LOW' || e.riskTier === 'MEDIUM'],
      [
        'compliance',
        { compliance: ['VERIFICATION_OVERDUE', 'ABSCONDED'] },
        (e) => ['VERIFICATION_OVERDUE', 'ABSCONDED'].includes(complianceOf(e).status),
      ],
      ...(['COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'] as const).map((status): (typeof filters)[number] => [
        `compliance ${status}`,
        { compliance: [status] },
        (e) => complianceOf(e).status === status,
      ]),
      ['verificationDueWithinDays', { verificationDueWithinDays: 30 }, (e) => dueWithin(e, 30)],
      [
        'verificationDueWithinDays in a district, with compliance',
        { district, verificationDueWithinDays: 60, compliance: ['COMPLIANT', 'NON_COMPLIANT'] },
        (e) => e.district === district && dueWithin(e, 60) && ['COMPLIANT', 'NON_COMPLIANT'].includes(complianceOf(e).status),
      ],
      ['registeredFrom', { registeredFrom: middle.toISOString() }, (e) => e.registeredAt >= middle],
      ['registeredBefore', { registeredBefore: middle.toISOString() }, (e) => e.registeredAt < middle],
      [
        'registeredFrom and registeredBefore',
        { registeredFrom: middle.toISOString(), registeredBefore: later.toISOString() },
        (e) => e.registeredAt >= middle && e.registeredAt < later,
      ],
      ['active', { active: true }, (e) => e.registrationEndsAt >= today],
      ['active: false', { active: false }, (e) => e.registrationEndsAt < today],
      [
        'district, riskTier and active together',
        { district, riskTier: ['MEDIUM', 'HIGH'], active: true },
        (e) => e.district === district && e.riskTier !== 'LOW' && e.registrationEndsAt >= today,
      ],
    ];

    it.each(filters)('filters by %s', async (_, filter, matches) => {
      const want = WORLD.filter(matches).sort(byRegisteredAt('DESC'));
      expect(want.length).toBeGreaterThan(0);
      const { nodes, totalCount } = await searchAll({ filter }, 25);
      expect(totalCount).toBe(want.length);
      expect(nodes.map((node) => node.id)).toEqual(ids(want));
    });

    it('the compliance filter sorts the register into its four statuses, every entry in one', async () => {
      const counts = await Promise.all(
        (['COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'] as const).map(
          async (status) => (await searchAll({ filter: { compliance: [status] } })).totalCount,
        ),
      );
      expect(counts.every((count) => count > 0)).toBe(true);
      expect(counts.reduce((a, b) => a + b)).toBe(WORLD.length);
      expect((await searchAll({ filter: { compliance: [] } })).totalCount).toBe(0);
    });

    it.each([-1, 367])('refuses verificationDueWithinDays %i', async (days) => {
      const response = await search({ filter: { verificationDueWithinDays: days } });
      expectBadUserInput(response);
      expect(response.errors![0]!.message).toBe('"verificationDueWithinDays" must be from 0 to 366.');
    });

    it('the active filter splits the register in two', async () => {
      const active = await searchAll({ filter: { active: true } });
      const ended = await searchAll({ filter: { active: false } });
      expect(active.totalCount + ended.totalCount).toBe(WORLD.length);
    });

    it.each([
      ['REGISTERED_AT', 'ASC', byRegisteredAt('ASC')],
      ['REGISTERED_AT', 'DESC', byRegisteredAt('DESC')],
      ['REGISTER_NUMBER', 'ASC', byRegisterNumber('ASC')],
      ['REGISTER_NUMBER', 'DESC', byRegisterNumber('DESC')],
      ['NEXT_VERIFICATION_DUE', 'ASC', byVerificationDue('ASC')],
      ['NEXT_VERIFICATION_DUE', 'DESC', byVerificationDue('DESC')],
    ] as const)('orders by %s %s across pages', async (field, direction, compare) => {
      const { nodes } = await searchAll({ orderBy: { field, direction } }, 40);
      expect(nodes.map((node) => node.id)).toEqual(ids([...WORLD].sort(compare)));
    });

    it("lists a district's entries due for verification in the next 90 days, soonest first", async () => {
      const want = WORLD.filter((e) => e.district === district && dueWithin(e, 90)).sort(byVerificationDue('ASC'));
      expect(want.length).toBeGreaterThan(1);
      const { nodes, totalCount } = await searchAll(
        { filter: { district, verificationDueWithinDays: 90 }, orderBy: { field: 'NEXT_VERIFICATION_DUE', direction: 'ASC' } },
        2,
      );
      expect(totalCount).toBe(want.length);
      expect(nodes.map((node) => node.id)).toEqual(ids(want));
    });

    it('orders by register number within a district', async () => {
      const want = WORLD.filter((e) => e.district === district).sort(byRegisterNumber('ASC'));
      const { nodes } = await searchAll({ filter: { district }, orderBy: { field: 'REGISTER_NUMBER', direction: 'ASC' } }, 7);
      expect(nodes.map((node) => node.id)).toEqual(ids(want));
    });

    it('pages with cursors: the second page follows the first with no overlap', async () => {
      const want = ids([...WORLD].sort(byRegisteredAt('DESC')));
      const first = await search({ first: 50 });
      expect(first.errors).toBeUndefined();
      const page1 = first.data!.searchRegister;
      expect(page1.edges).toHaveLength(50);
      expect(page1.pageInfo).toMatchObject({
        hasNextPage: true,
        hasPreviousPage: false,
        startCursor: page1.edges[0]!.cursor,
        endCursor: page1.edges[49]!.cursor,
      });

      const second = await search({ first: 50, after: page1.pageInfo.endCursor });
      const page2 = second.data!.searchRegister;
      expect(page2.pageInfo.hasPreviousPage).toBe(true);
      expect(page2.pageInfo.hasNextPage).toBe(WORLD.length > 100);
      const seen = [...page1.edges, ...page2.edges].map((edge) => edge.node.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(want.slice(0, 100));
    });

    it('the last page says there is no next page', async () => {
      const response = await search({ first: WORLD.length });
      expect(response.data!.searchRegister.pageInfo.hasNextPage).toBe(false);
      expect(response.data!.searchRegister.edges).toHaveLength(WORLD.length);
      const shortOfOne = await search({ first: WORLD.length - 1 });
      expect(shortOfOne.data!.searchRegister.pageInfo.hasNextPage).toBe(true);
    });

    it('defaults to 50 per page', async () => {
      const response = await search({});
      expect(response.data!.searchRegister.edges).toHaveLength(Math.min(50, WORLD.length));
    });

    it.each([0, -1, 1001])('refuses a page size of %i', async (first) => {
      const response = await search({ first });
      expectBadUserInput(response);
      expect(response.errors![0]!.message).toContain('1000');
      expect(response.data).toEqual({ searchRegister: null });
    });

    it('accepts the largest page size, 1000', async () => {
      const response = await search({ first: 1000 });
      expect(response.errors).toBeUndefined();
      expect(response.data!.searchRegister.edges).toHaveLength(Math.min(1000, WORLD.length));
    });

    const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    it.each([
      ['not base64 JSON', 'not-a-cursor', undefined],
      ['a JSON value of the wrong shape', cursor({ id: 1 }), undefined],
      ['a timestamp that is not one', cursor(['yesterday', '5d73b2b3-d997-503a-ba02-f5fa7c59c53a']), undefined],
      ['an id that is not a uuid', cursor(['2025-09-15T21:41:00.000Z', "1' or '1'='1"]), undefined],
      [
        'a register-number cursor in a registration-date list',
        cursor(['NSOR-PB-2025-003417', '5d73b2b3-d997-503a-ba02-f5fa7c59c53a']),
        undefined,
      ],
      [
        'a cursor with an id that is not a uuid, in register-number order',
        cursor(['NSOR-PB-2025-003417', 'x']),
        { field: 'REGISTER_NUMBER', direction: 'ASC' },
      ],
    ])('refuses %s as a cursor, leaking nothing', async (_, after, orderBy) => {
      const response = await search({ after, orderBy });
      expectBadUserInput(response);
      expect(response.errors![0]!.message).toBe('"after" is not a cursor returned by this list.');
      expect(response.data).toEqual({ searchRegister: null });
    });
  });

  describe('_entities', () => {
    const [a, b, c] = WORLD.filter((entry) => entry.notifications.length > 0);

    it('resolves references by id (courts: Conviction.offender)', async () => {
      const response = await query(ENTITIES, {
        representations: [a!, b!].map((entry) => ({ __typename: 'Offender', id: entry.id })),
      });
      expect(response.errors).toBeUndefined();
      expect(response.data._entities).toEqual([expected(a!), expected(b!)]);
    });

    it.each(['suspectCnic', 'cnic'])(
      'resolves references by %s (cases: Suspect.registerEntry), null when the CNIC is not on the register',
      async (key) => {
        const response = await query(ENTITIES, {
          representations: [
            { __typename: 'Offender', [key]: c!.cnic },
            { __typename: 'Offender', [key]: unregisteredSuspectCnic() },
            { __typename: 'Offender', [key]: 'not-a-cnic' },
            { __typename: 'Offender', [key]: a!.cnic },
          ],
        });
        expect(response.errors).toBeUndefined();
        expect(response.data._entities).toEqual([expected(c!), null, null, expected(a!)]);
      },
    );

    it('mixes both keys in one request, null for an unknown or malformed id', async () => {
      const response = await query(ENTITIES, {
        representations: [
          { __typename: 'Offender', id: a!.id },
          { __typename: 'Offender', cnic: b!.cnic },
          { __typename: 'Offender', id: '00000000-0000-5000-8000-000000000000' },
          { __typename: 'Offender', id: 'garbage' },
        ],
      });
      expect(response.errors).toBeUndefined();
      expect(response.data._entities).toEqual([expected(a!), expected(b!), null, null]);
    });
  });

  describe('SQL statements do not grow with the rows returned', () => {
    async function statementsFor(text: string, variables: Record<string, unknown>) {
      const before = subgraph.service.database.statementCount();
      const response = await query(text, variables);
      expect(response.errors).toBeUndefined();
      return { statements: subgraph.service.database.statementCount() - before, data: response.data };
    }

    it('a page of 10 and a page of every entry (up to the 1000 limit) with notifications, compliance and address cost the same', async () => {
      const small = await statementsFor(SEARCH, { first: 10 });
      const large = await statementsFor(SEARCH, { first: 1000 });
      expect(small.data.searchRegister.edges).toHaveLength(10);
      expect(large.data.searchRegister.edges).toHaveLength(Math.min(1000, WORLD.length));
      expect(large.data.searchRegister.edges.some((edge: any) => edge.node.notifications.length > 0)).toBe(true);
      expect(large.statements).toBe(small.statements);
      // the page, its count and all the page's notifications; and the one audit write of the identities read
      expect(large.statements).toBe(3 + AUDIT_WRITE_STATEMENTS);
    });

    it('references by id and by CNIC cost one query per key, whether 10 or 200 of each', async () => {
      const representations = (count: number) =>
        WORLD.slice(0, count).flatMap((entry, i) => [
          { __typename: 'Offender', id: entry.id },
          { __typename: 'Offender', suspectCnic: WORLD[(i + 1) % WORLD.length]!.cnic },
        ]);
      const small = await statementsFor(ENTITIES, { representations: representations(10) });
      const large = await statementsFor(ENTITIES, { representations: representations(Math.min(200, WORLD.length)) });
      expect(large.data._entities.every((entity: unknown) => entity !== null)).toBe(true);
      expect(large.data._entities[0]).toEqual(expected(WORLD[0]!));
      expect(large.data._entities[1]).toEqual(expected(WORLD[1]!));
      expect(large.statements).toBe(small.statements);
      // entries by id, entries by CNIC, and all their notifications; and the one audit write of the identities read
      expect(large.statements).toBe(3 + AUDIT_WRITE_STATEMENTS);
    });
  });
});

function mostCommon<T>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

let unregistered: string | undefined;
/** A suspect's CNIC from the world's cases that is not on the register, as cases' Suspect.registerEntry would send. */
function unregisteredSuspectCnic(): string {
  if (unregistered) return unregistered;
  for (const facts of generateCases(1)) {
    const suspect = facts.suspects.find((s) => s.cnic && !REGISTERED_CNICS.has(s.cnic));
    if (suspect?.cnic) return (unregistered = suspect.cnic);
  }
  throw new Error('every suspect of the world is on the register');
}
