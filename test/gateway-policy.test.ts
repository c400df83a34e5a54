import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import type { Agency } from '#reference-data';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';
import { caseAcrossAgencies } from '#test-kit';
import { AUDIT_WRITE_STATEMENTS } from '#audit';
import { graphql, type GraphQLResponse } from '#test-kit';
import { sqlStatementsDuring } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

/**
 * The gateway's half of the access policy, end to end: fields a caller's
 * agency (and role) can never read are taken out before the query is
 * planned, answered null with an UNAUTHORIZED_FIELD_OR_TYPE error at their
 * path, and the rest still arrives. Which fields an agency may never read
 * comes from the expected matrix written by hand from DESIGN section 4.
 */

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

/** Checks the premise of a test against the hand-written matrix: "–" means never. */
function expectNever(agency: Agency, coordinate: string) {
  expect(EXPECTED_ACCESS.get(coordinate)?.[agency], `${agency} may never read ${coordinate}`).toBe('–');
}
function expectMayRead(agency: Agency, coordinate: string) {
  expect(EXPECTED_ACCESS.get(coordinate)?.[agency], `${agency} may read ${coordinate}`).toMatch(
    /^(yes|own cell|same province|assigned|stated purpose)/,
  );
}

const unauthorized = (...paths: (string | number)[][]) =>
  paths.map((path) => ({ message: 'Unauthorized field or type', path, extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }));

/** What refusals cost the subgraphs: one audit write per subgraph that owns a refused field, and nothing else is executed. */
const refusalsRecordedBy = (owners: number) => owners * AUDIT_WRITE_STATEMENTS;

const CASES_WITH_SESSIONS = /* GraphQL */ `
  query CasesWithSessions {
    cases(first: 5, orderBy: { field: REFERENCE, direction: ASC }) {
      totalCount
      edges { node { id reference status counsellingSessions { id heldAt } } }
    }
  }
`;
const SESSIONS_PATH = ['cases', 'edges', '@', 'node', 'counsellingSessions', '@'];

describe('the gateway takes out what the caller may never read, before planning', () => {
  let ssoiu: string;
  beforeAll(async () => {
    ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-policy' });
  });

  it('answers a PUBLIC caller null for cases, with the error at ["cases"], and still the crisis-cell directory', async () => {
    expectNever('PUBLIC', 'Query.cases');
    expectMayRead('PUBLIC', 'Query.crisisCells');
    const { status, data, errors } = await graphql(
      gatewayUrl,
      '{ cases(first: 5) { totalCount edges { node { id } } } crisisCells(first: 3) { totalCount edges { node { name city } } } }',
    );
    expect(status).toBe(200);
    expect(data.cases).toBeNull();
    expect(data.crisisCells.totalCount).toBeGreaterThan(0);
    expect(data.crisisCells.edges).toHaveLength(3);
    expect(errors).toEqual(unauthorized(['cases']));
  });

  it('gives SSOIU the rest of each case and counsellingSessions null in every item, with one error at the list path', async () => {
    expectNever('SSOIU', 'Case.counsellingSessions');
    const { status, data, errors } = await graphql(gatewayUrl, CASES_WITH_SESSIONS, { token: ssoiu });
    expect(status).toBe(200);
    expect(data.cases.totalCount).toBeGreaterThan(0);
    expect(data.cases.edges).toHaveLength(5);
    for (const { node } of data.cases.edges) {
      expect(node).toEqual({
        id: expect.any(String),
        reference: expect.any(String),
        status: expect.any(String),
        counsellingSessions: null,
      });
    }
    expect(errors).toEqual(unauthorized(SESSIONS_PATH));
  });

  it('finds the field through an alias, a named fragment and an inline fragment', async () => {
    const viaAlias = await graphql(
      gatewayUrl,
      '{ cases(first: 3) { edges { node { reference sessions: counsellingSessions { id } } } } }',
      { token: ssoiu },
    );
    expect(viaAlias.data.cases.edges.map(({ node }: any) => node)).toEqual(
      Array(3).fill({ reference: expect.any(String), sessions: null }),
    );
    expect(viaAlias.errors).toEqual(unauthorized(['cases', 'edges', '@', 'node', 'sessions', '@']));

    const viaFragment = await graphql(
      gatewayUrl,
      'query { cases(first: 3) { edges { node { ...Counselled } } } } fragment Counselled on Case { reference counsellingSessions { id kind } }',
      { token: ssoiu },
    );
    expect(viaFragment.data.cases.edges.map(({ node }: any) => node)).toEqual(
      Array(3).fill({ reference: expect.any(String), counsellingSessions: null }),
    );
    expect(viaFragment.errors).toEqual(unauthorized(SESSIONS_PATH));

    const viaInline = await graphql(
      gatewayUrl,
      '{ cases(first: 3) { edges { node { reference ... on Case { counsellingSessions { id } } } } } }',
      { token: ssoiu },
    );
    expect(viaInline.data.cases.edges.map(({ node }: any) => node)).toEqual(
      Array(3).fill({ reference: expect.any(String), counsellingSessions: null }),
    );
    expect(viaInline.errors).toEqual(unauthorized(SESSIONS_PATH));
  });

  it('honours @include with a variable: true answers null with the error, false leaves the field out and says nothing', async () => {
    const query =
      'query Maybe($with: Boolean!) { cases(first: 3) { edges { node { reference counsellingSessions @include(if: $with) { id } } } } }';
    const included = await graphql(gatewayUrl, query, { token: ssoiu, variables: { with: true } });
    expect(included.data.cases.edges.map(({ node }: any) => node)).toEqual(
      Array(3).fill({ reference: expect.any(String), counsellingSessions: null }),
    );
    expect(included.errors).toEqual(unauthorized(SESSIONS_PATH));

    const excluded = await graphql(gatewayUrl, query, { token: ssoiu, variables: { with: false } });
    expect(excluded.errors).toBeUndefined();
    expect(excluded.data.cases.edges.map(({ node }: any) => node)).toEqual(Array(3).fill({ reference: expect.any(String) }));
  });

  it("takes out a field of an entity reached across subgraphs: PROSECUTION never reads an offender's current address", async () => {
    expectNever('PROSECUTION', 'Offender.currentAddress');
    expectMayRead('PROSECUTION', 'Offender.registerNumber');
    const facts = caseAcrossAgencies();
    const convictions = facts.trial!.verdict!.convictions;
    // The prosecutor of the case's trial: prosecutors read only the cases assigned to them.
    const token = await tokenFor({ agency: 'PROSECUTION', sub: facts.trial!.prosecutorId });
    const { data, errors } = await graphql(
      gatewayUrl,
      /* GraphQL */ `
        query Offenders($id: ID!) {
          case(id: $id) { reference trial { verdict { convictions { id offender { id registerNumber currentAddress { city province } } } } } }
        }
      `,
      { token, variables: { id: facts.id } },
    );
    expect(data.case.reference).toBe(facts.reference);
    const returned = data.case.trial.verdict.convictions;
    expect(returned.map((c: { id: string }) => c.id).sort()).toEqual(convictions.map((c) => c.id).sort());
    for (const conviction of returned) {
      expect(conviction.offender).toEqual({
        id: convictions.find((c) => c.id === conviction.id)!.offenderId,
        registerNumber: expect.stringMatching(/^NSOR-/),
        currentAddress: null,
      });
    }
    expect(errors).toEqual(unauthorized(['case', 'trial', 'verdict', 'convictions', '@', 'offender', 'currentAddress']));
  });

  it('needs the counsellor role as well as the ARCC agency for counselling sessions', async () => {
    expect(EXPECTED_ACCESS.get('Case.counsellingSessions')?.ARCC).toBe('own cell, role counsellor');
    const facts = seededCases().find((c) => c.crisisCellId && c.counsellingSessions.length > 0)!;
    const query = 'query Sessions($id: ID!) { case(id: $id) { reference counsellingSessions { id } } }';
    const identity = { agency: 'ARCC' as const, cellId: facts.crisisCellId!, sub: 'arcc-policy' };

    const withoutRole = await graphql(gatewayUrl, query, { token: await tokenFor(identity), variables: { id: facts.id } });
    expect(withoutRole.data.case).toEqual({ reference: facts.reference, counsellingSessions: null });
    expect(withoutRole.errors).toEqual(unauthorized(['case', 'counsellingSessions', '@']));

    const withRole = await graphql(gatewayUrl, query, {
      token: await tokenFor({ ...identity, roles: ['counsellor'] }),
      variables: { id: facts.id },
    });
    expect(withRole.errors).toBeUndefined();
    expect(withRole.data.case.counsellingSessions.map((s: { id: string }) => s.id).sort()).toEqual(
      facts.counsellingSessions.map((s) => s.id).sort(),
    );

    // The same query text again without the role: the plan cached for the counsellor is not reused.
    const againWithout = await graphql(gatewayUrl, query, { token: await tokenFor(identity), variables: { id: facts.id } });
    expect(againWithout.data.case).toEqual({ reference: facts.reference, counsellingSessions: null });
    expect(againWithout.errors).toEqual(unauthorized(['case', 'counsellingSessions', '@']));
  });

  it('answers CrisisCell.capacity to the special committee, and null with an error to NPB and to the public', async () => {
    expect(EXPECTED_ACCESS.get('CrisisCell.capacity')?.SPECIAL_COMMITTEE).toBe('yes');
    expectNever('NPB', 'CrisisCell.capacity');
    expectNever('PUBLIC', 'CrisisCell.capacity');
    const query = '{ crisisCells(first: 4) { edges { node { name capacity } } } }';

    const committee = await graphql(gatewayUrl, query, { token: await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'committee-policy' }) });
    expect(committee.errors).toBeUndefined();
    for (const { node } of committee.data.crisisCells.edges) expect(node.capacity).toEqual(expect.any(Number));

    for (const token of [await tokenFor({ agency: 'NPB', sub: 'npb-policy' }), undefined]) {
      const { data, errors } = await graphql(gatewayUrl, query, { token });
      expect(data.crisisCells.edges.map(({ node }: any) => node)).toEqual(Array(4).fill({ name: expect.any(String), capacity: null }));
      expect(errors).toEqual(unauthorized(['crisisCells', 'edges', '@', 'node', 'capacity']));
    }
  });

  it('plans and executes nothing when everything asked for is forbidden: the subgraphs only record the refusals', async () => {
    const query = '{ cases(first: 50) { totalCount } trials(first: 5) { totalCount } searchRegister(first: 5) { totalCount } }';
    // The same operation, readable, does reach the cases, courts and offenders subgraphs.
    const readable = await sqlStatementsDuring(subgraphUrls, (requestId) => graphql(gatewayUrl, query, { token: ssoiu, requestId }));
    expect(readable.perSubgraph).toMatchObject({ cases: expect.any(Number), courts: expect.any(Number), offenders: expect.any(Number) });
    expect(Math.min(readable.perSubgraph.cases!, readable.perSubgraph.courts!, readable.perSubgraph.offenders!)).toBeGreaterThan(0);

    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const { status, data, errors } = await graphql(gatewayUrl, query, { requestId });
      expect(status).toBe(200);
      expect(data).toEqual({ cases: null, trials: null, searchRegister: null });
      expect(errors).toEqual(unauthorized(['cases'], ['trials'], ['searchRegister']));
    });
    expect(refused.perSubgraph).toEqual({
      cases: refusalsRecordedBy(1),
      courts: refusalsRecordedBy(1),
      offenders: refusalsRecordedBy(1),
      'crisis-cells': 0,
    });
    expect(refused.total).toBe(refusalsRecordedBy(3));
  });
});

describe('POLICY_MODE reject and dry-run', () => {
  let reject: ListeningService;
  let dryRun: ListeningService;
  let ssoiu: string;
  beforeAll(async () => {
    const start = async (mode: string) =>
      listen(
        await createGatewayService({ env: { ...process.env, POLICY_MODE: mode }, subgraphUrls: inject('subgraphUrls') }),
        0,
        '127.0.0.1',
        '/graphql',
      );
    [reject, dryRun] = await Promise.all([start('reject'), start('dry-run')]);
    ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-policy-modes' });
  });
  afterAll(async () => {
    await Promise.all([reject?.stop(), dryRun?.stop()]);
  });

  it('reject: refuses the whole operation, listing every path, and executes nothing but the record of the refusal', async () => {
    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const { status, data, errors } = await graphql(reject.url, CASES_WITH_SESSIONS, { token: ssoiu, requestId });
      expect(status).toBe(403);
      expect(data ?? null).toBeNull();
      expect(errors).toEqual(unauthorized(SESSIONS_PATH));
    });
    expect(refused.total).toBe(refusalsRecordedBy(1));

    const allowed = await graphql(reject.url, '{ cases(first: 2) { totalCount edges { node { reference } } } }', { token: ssoiu });
    expect(allowed.status).toBe(200);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.cases.edges).toHaveLength(2);
  });

  it('dry-run: takes nothing out and reports what it would have in extensions; the subgraph still refuses each value', async () => {
    const response: GraphQLResponse & { extensions?: Record<string, unknown> } = await graphql(dryRun.url, CASES_WITH_SESSIONS, {
      token: ssoiu,
    });
    expect(response.status).toBe(200);
    expect(response.extensions).toEqual({ policy: { mode: 'dry-run', unauthorized: [SESSIONS_PATH] } });
    // Not taken out at the gateway, so the cases subgraph was asked for the field, and refused it row by row.
    const edges = response.data.cases.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const { node } of edges) expect(node.counsellingSessions).toBeNull();
    expect(response.errors).toEqual(
      edges.map((_: unknown, index: number) => ({
        message: 'Unauthorized field or type',
        path: ['cases', 'edges', index, 'node', 'counsellingSessions'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
      })),
    );
  });
});

describe('a mutation the caller may never call', () => {
  const OPEN_CASE = /* GraphQL */ `
    mutation OpenCase($input: OpenCaseInput!) {
      openCase(input: $input) { case { id reference } userErrors { code } }
    }
  `;
  const input = {
    reportedAt: '2026-12-01T08:00:00Z',
    category: 'RAPE',
    offenceSections: ['PPC 376(1)'],
    district: 'Lahore',
    survivor: { fullName: 'Synthetic Survivor', ageAtIncident: 30 },
  };
  let reject: ListeningService;
  let dryRun: ListeningService;
  let ssoiu: string;
  beforeAll(async () => {
    expect(EXPECTED_ALL_MUTATIONS.get('openCase')?.SSOIU, 'SSOIU may never open a case').toBe('–');
    const start = async (mode: string) =>
      listen(
        await createGatewayService({ env: { ...process.env, POLICY_MODE: mode }, subgraphUrls: inject('subgraphUrls') }),
        0,
        '127.0.0.1',
        '/graphql',
      );
    [reject, dryRun] = await Promise.all([start('reject'), start('dry-run')]);
    ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-policy-mutation' });
  });
  afterAll(async () => {
    await Promise.all([reject?.stop(), dryRun?.stop()]);
  });

  it('filter: is taken out before planning; the answer says so at its path, and nothing runs but the record of the refusal', async () => {
    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const { status, data, errors } = await graphql(gatewayUrl, OPEN_CASE, { token: ssoiu, variables: { input }, requestId });
      expect(status).toBe(200);
      expect(data).toEqual({ openCase: null });
      expect(errors).toEqual(unauthorized(['openCase']));
    });
    expect(refused.perSubgraph).toMatchObject({ cases: refusalsRecordedBy(1), courts: 0, offenders: 0, 'crisis-cells': 0 });
  });

  it('reject: refuses the operation with 403, and nothing runs but the record of the refusal', async () => {
    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const { status, data, errors } = await graphql(reject.url, OPEN_CASE, { token: ssoiu, variables: { input }, requestId });
      expect(status).toBe(403);
      expect(data ?? null).toBeNull();
      expect(errors).toEqual(unauthorized(['openCase']));
    });
    expect(refused.total).toBe(refusalsRecordedBy(1));
  });

  it('dry-run: reports it in extensions and lets it through, and the subgraph refuses it without running it', async () => {
    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const response: GraphQLResponse & { extensions?: Record<string, unknown> } = await graphql(dryRun.url, OPEN_CASE, {
        token: ssoiu,
        variables: { input },
        requestId,
      });
      expect(response.extensions).toEqual({ policy: { mode: 'dry-run', unauthorized: [['openCase']] } });
      expect(response.data).toEqual({ openCase: null });
      expect(response.errors).toEqual(unauthorized(['openCase']));
    });
    // The subgraph's own refusal, on its trail; no case, no reference, no survivor written.
    expect(refused.perSubgraph).toMatchObject({ cases: refusalsRecordedBy(1), courts: 0, offenders: 0, 'crisis-cells': 0 });
  });
});
