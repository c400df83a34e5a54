import { parse, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Agency } from '#reference-data';
import { registerEntries, type OffenderFacts } from '#synthetic-world';
import { EXPECTED_ACCESS } from './fixtures/expected-access.ts';
import { graphql, type GraphQLResponse } from '#test-kit';
import { requiresScopesAuth, startHiveGateway, type RunningHiveGateway } from '#test-kit';
import { sqlStatementsDuring } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

/**
 * The same policy under a peer router: Hive Gateway, serving the committed
 * supergraph with its generic auth plugin in protect-granular mode (which
 * reads Federation's `@requiresScopes` from the supergraph, with the scopes
 * taken from the token's OAuth2 `scope` claim), refuses an agency the same
 * fields our gateway does, for the same query and the same token.
 *
 * The subgraphs enforce the policy again and refuse with the same error, so
 * matching errors alone would pass with Hive's auth off; each test also checks
 * that Hive took the refused fields out of what it sent the subgraphs.
 *
 * Only refusals an agency meets whatever the row (a "–" in the matrix) are
 * compared, on rows the caller may read, so no subgraph row rule is involved.
 */

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

/** Checks a test's premise against the hand-written matrix: "–" means never. */
function expectNever(agency: Agency, coordinate: string) {
  expect(EXPECTED_ACCESS.get(coordinate)?.[agency], `${agency} may never read ${coordinate}`).toBe('–');
}

/**
 * The fields refused with UNAUTHORIZED_FIELD_OR_TYPE, as dotted response-key
 * paths, sorted. The `@` list markers are dropped because the two gateways
 * place them differently: ours after a list field (`aliases.@`), Hive's
 * generic auth before a nullable list field (`@.aliases`) and not at all for
 * a non-null one (`edges`, `hearings`).
 */
function refusedFields(response: GraphQLResponse): string[] {
  return (response.errors ?? [])
    .filter((error) => error.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE')
    .map((error) => (error.path ?? []).filter((key) => key !== '@').join('.'))
    .sort();
}

/**
 * Every value at a dotted path, through lists, an absent field read as null:
 * Hive nulls a refused nullable list field under a stray `@` key instead of
 * at the field (the same marker confusion), so there the field is absent.
 */
function valuesAt(data: unknown, path: string): unknown[] {
  let values = [data];
  for (const key of path.split('.')) {
    values = values
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .map((value) => (value as Record<string, unknown> | null)?.[key]);
  }
  return values.flatMap((value) => (Array.isArray(value) ? value : [value ?? null]));
}

/** A register entry with aliases, so refusing them hides values that exist rather than an empty list. */
function registerEntryWithAliases(): OffenderFacts {
  for (const entry of registerEntries(1)) if (entry.aliases.length > 0) return entry;
  throw new Error('the scale-1 register has no entry with aliases: the seed changed');
}

/** That Hive sent the subgraphs none of the refused fields, and did send the kept ones (so the record is not just empty). */
function expectTakenOut(sentByHive: ReadonlySet<string>, { refused, kept }: { refused: string[]; kept: string[] }) {
  for (const field of refused) expect(sentByHive.has(field), `Hive sent a subgraph ${field}`).toBe(false);
  for (const field of kept) expect(sentByHive.has(field), `Hive sent a subgraph ${field}`).toBe(true);
}

describe('Hive Gateway with @requiresScopes on refuses the same fields as our gateway', () => {
  let hive: RunningHiveGateway;
  /** Every field name in the operations Hive has sent its subgraphs since the last `askBoth`. */
  const sentToSubgraphs = new Set<string>();

  /** The same query with the same token through both gateways, and the fields Hive asked the subgraphs for. */
  const askBoth = async (query: string, options: { token?: string; variables?: Record<string, unknown> } = {}) => {
    sentToSubgraphs.clear();
    const [ours, peer] = await Promise.all([graphql(gatewayUrl, query, options), graphql(hive.url, query, options)]);
    return { ours, peer, sentByHive: new Set(sentToSubgraphs) };
  };

  beforeAll(async () => {
    hive = await startHiveGateway(subgraphUrls, {
      genericAuth: requiresScopesAuth(),
      plugins: () => [
        {
          onFetch({ options }) {
            const { query } = typeof options.body === 'string' ? (JSON.parse(options.body) as { query?: string }) : {};
            if (query) visit(parse(query), { Field: (node) => void sentToSubgraphs.add(node.name.value) });
          },
        },
      ],
    });
  });
  afterAll(() => hive?.stop());

  // Hive answers these partial results with HTTP 401 (generic auth's default for its error), ours with 200; only the bodies are compared.

  it('refuses cases to a PUBLIC caller and to NADRA, and still answers the public crisis-cell directory', async () => {
    for (const agency of ['PUBLIC', 'NADRA'] as const) expectNever(agency, 'Query.cases');
    const query =
      '{ cases(first: 1) { edges { node { id reference } } } crisisCells(first: 2) { totalCount edges { node { name city } } } }';
    const nadra = await tokenFor({ agency: 'NADRA', sub: 'nadra-peer-router' });

    for (const [caller, token] of [
      ['PUBLIC', undefined],
      ['NADRA', nadra],
    ] as const) {
      const { ours, peer, sentByHive } = await askBoth(query, { token });
      expectTakenOut(sentByHive, { refused: ['cases'], kept: ['crisisCells'] });
      for (const [gateway, response] of [
        ['ours', ours],
        ['Hive', peer],
      ] as const) {
        const label = `${caller} at ${gateway}`;
        expect(response.data?.cases, label).toBeNull();
        expect(refusedFields(response), label).toEqual(['cases']);
        expect(response.data?.crisisCells.totalCount, label).toBeGreaterThan(0);
        expect(response.data?.crisisCells.edges, label).toHaveLength(2);
      }
      expect(peer.data.crisisCells).toEqual(ours.data.crisisCells);
    }
  });

  it('refuses before planning at Hive too: nothing readable asked for, no subgraph reached', async () => {
    const query = '{ cases(first: 50) { totalCount } trials(first: 5) { totalCount } searchRegister(first: 5) { totalCount } }';
    // Readable, the same operation through Hive does reach the subgraphs.
    const ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-peer-router' });
    // Hive forwards the request id to the subgraphs it asks: what counts the statements below.
    const readable = await sqlStatementsDuring(subgraphUrls, (requestId) => graphql(hive.url, query, { token: ssoiu, requestId }));
    expect(readable.total).toBeGreaterThan(0);

    const refused = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const response = await graphql(hive.url, query, { requestId });
      expect(response.data).toEqual({ cases: null, trials: null, searchRegister: null });
      expect(refusedFields(response)).toEqual(['cases', 'searchRegister', 'trials']);
    });
    expect(refused.total).toBe(0);
  });

  it("gives NADRA an offender's identity fields and refuses the same register fields at both", async () => {
    const refused = ['aliases', 'convictions', 'currentAddress', 'province', 'registerNumber'];
    for (const field of refused) expectNever('NADRA', `Offender.${field}`);
    const entry = registerEntryWithAliases();
    const token = await tokenFor({ agency: 'NADRA', sub: 'nadra-peer-router' });
    const { ours, peer, sentByHive } = await askBoth(
      /* GraphQL */ `
        query Identity($cnic: String!) {
          offenderByCnic(cnic: $cnic) { id fullName cnic dateOfBirth registerNumber aliases currentAddress { city } province convictions { id } }
        }
      `,
      { token, variables: { cnic: entry.cnic } },
    );

    expectTakenOut(sentByHive, { refused, kept: ['fullName', 'dateOfBirth'] });
    const expected = refused.map((field) => `offenderByCnic.${field}`);
    const identity = { id: entry.id, fullName: entry.fullName, cnic: entry.cnic, dateOfBirth: entry.dateOfBirth };
    for (const [gateway, response] of [
      ['ours', ours],
      ['Hive', peer],
    ] as const) {
      expect(refusedFields(response), gateway).toEqual(expected);
      expect(response.data?.offenderByCnic, gateway).toMatchObject(identity);
      for (const path of expected) expect(valuesAt(response.data, path), `${gateway} ${path}`).toEqual([null]);
    }
  });

  it("gives SUPPORT_ADVISER its assigned trial's filing date and hearings, and refuses the same trial fields at both", async () => {
    expectNever('SUPPORT_ADVISER', 'Trial.caseNumber');
    expectNever('SUPPORT_ADVISER', 'Trial.verdict');
    expectNever('SUPPORT_ADVISER', 'Hearing.purpose');
    const facts = seededCases().find((c) => c.supportAdviserId && c.trial?.verdict && c.trial.hearings.length > 1)!;
    const trial = facts.trial!;
    // The ASSIGNED row rule knows an adviser by the token's subject.
    const token = await tokenFor({ agency: 'SUPPORT_ADVISER', sub: facts.supportAdviserId! });
    const { ours, peer, sentByHive } = await askBoth(
      'query Trial($id: ID!) { trial(id: $id) { id filedAt caseNumber verdict { outcome } hearings { id purpose } } }',
      { token, variables: { id: trial.id } },
    );

    expectTakenOut(sentByHive, { refused: ['caseNumber', 'verdict', 'purpose'], kept: ['filedAt', 'hearings'] });
    const expected = ['trial.caseNumber', 'trial.hearings.purpose', 'trial.verdict'];
    for (const [gateway, response] of [
      ['ours', ours],
      ['Hive', peer],
    ] as const) {
      expect(refusedFields(response), gateway).toEqual(expected);
      expect(response.data?.trial, gateway).toMatchObject({
        id: trial.id,
        filedAt: trial.filedAt.toISOString(),
        caseNumber: null,
        verdict: null,
      });
      expect(response.data?.trial.hearings.map((h: { id: string }) => h.id).sort(), gateway).toEqual(
        trial.hearings.map((h) => h.id).sort(),
      );
      expect(valuesAt(response.data, 'trial.hearings.purpose'), gateway).toEqual(trial.hearings.map(() => null));
    }
  });

  it('needs the counsellor role scope as well as the ARCC agency scope for counselling sessions, at both', async () => {
    expect(EXPECTED_ACCESS.get('Case.counsellingSessions')?.ARCC).toBe('own cell, role counsellor');
    const facts = seededCases().find((c) => c.crisisCellId && c.counsellingSessions.length > 0)!;
    const query = 'query Sessions($id: ID!) { case(id: $id) { reference counsellingSessions { id } } }';
    const identity = { agency: 'ARCC' as const, cellId: facts.crisisCellId!, sub: 'arcc-peer-router' };

    const withoutRole = await askBoth(query, { token: await tokenFor(identity), variables: { id: facts.id } });
    expectTakenOut(withoutRole.sentByHive, { refused: ['counsellingSessions'], kept: ['reference'] });
    for (const [gateway, response] of [
      ['ours', withoutRole.ours],
      ['Hive', withoutRole.peer],
    ] as const) {
      expect(refusedFields(response), gateway).toEqual(['case.counsellingSessions']);
      expect(response.data?.case.reference, gateway).toBe(facts.reference);
      expect(valuesAt(response.data, 'case.counsellingSessions'), gateway).toEqual([null]);
    }

    // With `role:counsellor` in the scope the same field is answered at both: the refusal above is the role's.
    const withRole = await askBoth(query, { token: await tokenFor({ ...identity, roles: ['counsellor'] }), variables: { id: facts.id } });
    expectTakenOut(withRole.sentByHive, { refused: [], kept: ['counsellingSessions'] });
    const sessionIds = facts.counsellingSessions.map((s) => s.id).sort();
    for (const [gateway, response] of [
      ['ours', withRole.ours],
      ['Hive', withRole.peer],
    ] as const) {
      expect(refusedFields(response), gateway).toEqual([]);
      expect(response.data?.case.counsellingSessions.map((s: { id: string }) => s.id).sort(), gateway).toEqual(sessionIds);
    }
  });
});
