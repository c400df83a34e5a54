import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signSubgraphRequest } from '#identity';
import { caseAcrossAgencies } from '#test-kit';
import { graphql } from '#test-kit';
import { startStack, type RunningStack } from '#test-kit';
import { REFUSALS_PATH } from '#audit';
import { tokenFor } from '#test-kit';

/**
 * Its own stack, started with SUBGRAPH_HMAC_SECRET (the shared one runs
 * without): the gateway signs every subgraph request, and a subgraph reached
 * directly answers nothing without a fresh, valid signature.
 */

const SECRET = 'request-signing-test-secret-0123456789abcdef';
const DIRECTORY = '{ crisisCells(first: 2) { totalCount } }';
const CASE_WITH_TRIAL = /* GraphQL */ `
  query CaseWithTrial($id: ID!) {
    case(id: $id) { id reference crisisCell { id name } trial { id caseNumber court { id name } } }
  }
`;
// Every subgraph answers this when asked properly, and it would give away its whole schema.
const SDL = '{ _service { sdl } }';

interface RawResponse {
  status: number;
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A POST with exactly these body bytes and headers, as a caller bypassing the gateway would send it. */
async function post(url: string, body: string, headers: Record<string, string | undefined>): Promise<RawResponse> {
  const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...sent }, body });
  return { status: response.status, ...((await response.json()) as Omit<RawResponse, 'status'>) };
}

const bodyOf = (query: string) => JSON.stringify({ query });
const bearer = (token: string) => `Bearer ${token}`;

function expectRefused(response: RawResponse, generic: string) {
  expect(response.status).toBe(401);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toEqual([{ message: generic, extensions: { code: 'UNAUTHENTICATED' } }]);
}

describe('request signing between the gateway and the subgraphs', () => {
  let stack: RunningStack;
  let token: string;
  let otherToken: string;
  let caseId: string;
  let caseReference: string;
  let subgraphs: [string, string][];

  beforeAll(async () => {
    stack = await startStack({ env: { SUBGRAPH_HMAC_SECRET: SECRET } });
    subgraphs = Object.entries(stack.subgraphUrls);
    const facts = caseAcrossAgencies();
    caseId = facts.id;
    caseReference = facts.reference;
    token = await tokenFor({ agency: 'SSOIU', province: facts.province, sub: 'officer-signing' });
    otherToken = await tokenFor({ agency: 'NPB', sub: 'npb-clerk-signing' });
  });
  afterAll(() => stack?.stop());

  it('signs for every subgraph a query plan reaches: the gateway answers', async () => {
    const directory = await graphql(stack.gatewayUrl, DIRECTORY);
    expect(directory.status).toBe(200);
    expect(directory.errors).toBeUndefined();
    expect(directory.data.crisisCells.totalCount).toBeGreaterThan(0);

    const { status, data, errors } = await graphql(stack.gatewayUrl, CASE_WITH_TRIAL, { variables: { id: caseId }, token });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.case.id).toBe(caseId);
    expect(data.case.crisisCell.name).toEqual(expect.any(String));
    expect(data.case.trial.court.name).toEqual(expect.any(String));
  });

  it('keeps /health and /ready open, and the gateway sees its subgraphs ready', async () => {
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphUrls)]) {
      expect((await fetch(new URL('/health', url))).status).toBe(200);
      expect((await fetch(new URL('/ready', url))).status).toBe(200);
    }
  });

  it('answers a direct request that carries a fresh, valid signature (the control)', async () => {
    for (const [, url] of subgraphs) {
      const body = bodyOf(SDL);
      const authorization = bearer(token);
      const response = await post(url, body, {
        authorization,
        [SIGNATURE_HEADER]: signSubgraphRequest({ secret: SECRET, body, authorization }),
      });
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
    }
  });

  it('refuses, at every subgraph, a direct request with no, a forged, a malformed or a replayed signature, saying nothing about why', async () => {
    const generic = 'Authentication required: the token is missing, expired or invalid.';
    const fiveMinutesAgo = Date.now() - 5 * 60_000;
    for (const [name, url] of subgraphs) {
      for (const query of name === 'crisis-cells' ? [SDL, DIRECTORY] : [SDL]) {
        const body = bodyOf(query);
        for (const authorization of [undefined, bearer(token)]) {
          const cases: Record<string, string | undefined> = {
            none: undefined,
            forged: signSubgraphRequest({ secret: 'not-the-secret-of-this-deployment-0123456789', body, authorization }),
            malformed: 't=0,v1=deadbeef',
            replayed: signSubgraphRequest({ secret: SECRET, body, authorization, now: fiveMinutesAgo }),
          };
          for (const [kind, signature] of Object.entries(cases)) {
            const response = await post(url, body, { authorization, [SIGNATURE_HEADER]: signature });
            expectRefused(response, generic);
            expect(JSON.stringify(response), `${name} ${kind}`).not.toMatch(/sdl|totalCount|signature|stale|HMAC/i);
          }
        }
      }
    }
  });

  it('refuses a valid signature sent with a swapped token', async () => {
    for (const [, url] of subgraphs) {
      const body = bodyOf(SDL);
      const signature = signSubgraphRequest({ secret: SECRET, body, authorization: bearer(token) });
      expectRefused(
        await post(url, body, { authorization: bearer(otherToken), [SIGNATURE_HEADER]: signature }),
        'Authentication required: the token is missing, expired or invalid.',
      );
      expectRefused(
        await post(url, body, { [SIGNATURE_HEADER]: signature }),
        'Authentication required: the token is missing, expired or invalid.',
      );
    }
  });

  it('refuses a valid signature sent with another body', async () => {
    for (const [, url] of subgraphs) {
      const signature = signSubgraphRequest({ secret: SECRET, body: bodyOf('{ __typename }'), authorization: bearer(token) });
      expectRefused(
        await post(url, bodyOf(SDL), { authorization: bearer(token), [SIGNATURE_HEADER]: signature }),
        'Authentication required: the token is missing, expired or invalid.',
      );
    }
  });

  it('signs the stated purpose too: the gateway forwards it signed, and a changed one is refused', async () => {
    const purpose = caseReference;
    const viaGateway = await graphql(stack.gatewayUrl, CASE_WITH_TRIAL, {
      variables: { id: caseId },
      token,
      headers: { 'x-case-purpose': purpose },
    });
    expect(viaGateway.errors).toBeUndefined();
    expect(viaGateway.data.case.id).toBe(caseId);

    for (const [, url] of subgraphs) {
      const body = bodyOf(SDL);
      const authorization = bearer(token);
      const signature = signSubgraphRequest({ secret: SECRET, body, authorization, purpose });
      expect((await post(url, body, { authorization, 'x-case-purpose': purpose, [SIGNATURE_HEADER]: signature })).status).toBe(200);
      expectRefused(
        await post(url, body, {
          authorization,
          'x-case-purpose': `${purpose.slice(0, -1)}${purpose.endsWith('9') ? '8' : '9'}`,
          [SIGNATURE_HEADER]: signature,
        }),
        'Authentication required: the token is missing, expired or invalid.',
      );
    }
  });

  it("signs its refusal reports too: the gateway's is recorded, an unsigned or forged one is refused", async () => {
    const sub = 'nadra-signing';
    const nadra = await tokenFor({ agency: 'NADRA', sub });
    const refused = await graphql(stack.gatewayUrl, 'query($id: ID!) { case(id: $id) { id } }', {
      variables: { id: caseId },
      token: nadra,
    });
    expect(refused.data.case).toBeNull();

    const auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-signing' });
    const trail = async () => {
      const { data, errors } = await graphql(
        stack.gatewayUrl,
        'query($s: String) { caseAuditTrail(filter: { subject: $s, outcome: DENIED }) { edges { node { field } } } }',
        {
          token: auditor,
          variables: { s: sub },
        },
      );
      expect(errors).toBeUndefined();
      return data.caseAuditTrail.edges.map((edge: { node: { field: string } }) => edge.node.field);
    };
    expect(await trail()).toEqual(['Query.case']);

    const report = new URL(REFUSALS_PATH, stack.subgraphUrls.cases);
    const body = JSON.stringify({ fields: ['Query.cases'] });
    const authorization = bearer(nadra);
    const send = (headers: Record<string, string>) =>
      fetch(report, { method: 'POST', headers: { 'content-type': 'application/json', authorization, ...headers }, body });
    expect((await send({})).status).toBe(401);
    expect((await send({ [SIGNATURE_HEADER]: signSubgraphRequest({ secret: 'x'.repeat(32), body, authorization }) })).status).toBe(401);
    expect(await trail()).toEqual(['Query.case']);
    expect((await send({ [SIGNATURE_HEADER]: signSubgraphRequest({ secret: SECRET, body, authorization }) })).status).toBe(204);
    expect((await trail()).sort()).toEqual(['Query.case', 'Query.cases']);
  });
});
