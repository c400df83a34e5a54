import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER, SIGNATURE_HEADER, signSubgraphRequest } from '#identity';
import { CRISIS_CELLS_BY_CODE } from '#synthetic-world';
import { graphql, type RunningStack, startStack, tokenFor } from '#test-kit';

/**
 * Safe retries (`Idempotency-Key`, DESIGN section 7) end to end, through the
 * gateway over HTTP, on a stack of its own that signs its subgraph requests
 * (SUBGRAPH_HMAC_SECRET): one case for an "open case" sent twice, the same
 * answer replayed, other input under a key refused, a key in use refused,
 * keys per caller, a refused first outcome replayed, a malformed key
 * refused, queries ignoring the header, and the key under the signature.
 */

const SECRET = 'idempotency-test-signing-secret-0123456789abcdef';
const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const arcc = (sub = 'idem-arcc') => tokenFor({ agency: 'ARCC', sub, cellId: CELL.id });

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error', SUBGRAPH_HMAC_SECRET: SECRET } });
});

afterAll(async () => {
  await stack?.stop();
});

const OPEN_CASE = /* GraphQL */ `
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      case { id reference status version crisisCell { id name } survivor { pseudonym } }
      userErrors { field code message }
    }
  }
`;

// One report time for the whole file: a retry sends the very same input.
const REPORTED_AT = new Date(Date.now() - 6 * 3_600_000).toISOString();
const intake = (survivor: Record<string, unknown> = {}) => ({
  reportedAt: REPORTED_AT,
  category: 'RAPE',
  offenceSections: ['PPC 376(1)'],
  district: 'Peshawar',
  survivor: { fullName: 'Synthetic Survivor', cnic: '17301-1234567-8', contactPhone: '0301-1234567', ageAtIncident: 24, ...survivor },
});

const keyHeader = (key: string) => ({ [IDEMPOTENCY_KEY_HEADER]: `"${key}"` });

async function openCase(token: string, input: unknown, key?: string) {
  return graphql(stack.gatewayUrl, OPEN_CASE, { token, variables: { input }, headers: key ? keyHeader(key) : {} });
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const database = stack.subgraphs.cases.database;
  const rows = (await database.fork().getConnection().execute(sql.replaceAll('$schema', database.schema), params, 'all')) as {
    n: unknown;
  }[];
  return Number(rows[0]!.n);
}

const casesOpened = () => count(`select count(*) as n from "$schema"."case"`);

describe('Idempotency-Key on mutations', () => {
  it('opens one case for the same request sent twice, and answers both alike', async () => {
    const token = await arcc();
    const key = randomUUID();
    const before = await casesOpened();
    const first = await openCase(token, intake(), key);
    expect(first.errors).toBeUndefined();
    expect(first.data.openCase.userErrors).toEqual([]);
    const replays = () =>
      count(`select count(*) as n from "$schema"."audit_entry" where "field" = 'Mutation.openCase' and "outcome" = 'ALLOWED'`);
    const replayedBefore = await replays();
    const again = await openCase(token, intake(), key);
    expect(again.status).toBe(200);
    expect(again).toEqual(first);
    expect(await casesOpened()).toBe(before + 1);
    // The replay gave the survivor's identity again: it is on the trail, as the first answer's reads were.
    expect(await replays()).toBe(replayedBefore + 1);
    // Without a key, the same input opens another case: the key is what makes a retry safe.
    const unkeyed = await openCase(token, intake());
    expect(unkeyed.data.openCase.case.id).not.toBe(first.data.openCase.case.id);
    expect(await casesOpened()).toBe(before + 2);
  });

  it('refuses other input under a used key with IDEMPOTENCY_KEY_REUSED, and opens nothing', async () => {
    const token = await arcc();
    const key = randomUUID();
    const first = await openCase(token, intake(), key);
    expect(first.data.openCase.case).not.toBeNull();
    const before = await casesOpened();
    const other = await openCase(token, intake({ fullName: 'Another Synthetic Survivor' }), key);
    expect(other.data?.openCase ?? null).toBeNull();
    expect(other.errors).toHaveLength(1);
    expect(other.errors![0]!.extensions).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(JSON.stringify(other)).not.toMatch(/"idempotency_key"|select |insert |\.ts:|fingerprint/);
    expect(await casesOpened()).toBe(before);
    // The key still answers its own request.
    expect(await openCase(token, intake(), key)).toEqual(first);
  });

  it('runs one of two concurrent requests with a key: the other is IN_USE or the replay', async () => {
    const token = await arcc();
    const key = randomUUID();
    const before = await casesOpened();
    const answers = await Promise.all([openCase(token, intake(), key), openCase(token, intake(), key)]);
    expect(await casesOpened()).toBe(before + 1);
    const done = answers.filter((answer) => answer.data?.openCase?.case);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) {
      if (answer.data?.openCase?.case) expect(answer).toEqual(done[0]);
      else expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_IN_USE']);
    }
    // Once the first is done, a retry gets its answer.
    expect(await openCase(token, intake(), key)).toEqual(done[0]);
  });

  it('records the commit with the change: a crash before the answer is stored never runs it twice', async () => {
    const token = await arcc('idem-arcc-crash');
    const key = randomUUID();
    const first = await openCase(token, intake(), key);
    const caseId = first.data.openCase.case.id as string;
    const database = stack.subgraphs.cases.database;
    const sql = (text: string, params: unknown[] = []) =>
      database.fork().getConnection().execute(text.replaceAll('$schema', database.schema), params, 'all') as Promise<
        Record<string, unknown>[]
      >;
    const [row] = await sql(`select "state", "outcome" from "$schema"."idempotency_key" where "key" = ?`, [key]);
    expect(row!.state).toBe('DONE');
    // Written in the mutation's own transaction: the rows it wrote, the case among them.
    expect(JSON.parse(row!.outcome as string)).toEqual({ field: 'Mutation.openCase', rowIds: expect.arrayContaining([caseId]) });
    // As a process that died after the commit, before storing the answer, leaves it (and its claim long lapsed):
    await sql(
      `update "$schema"."idempotency_key" set "state" = 'COMMITTED', "response" = null, "locked_until" = now() - interval '1 hour' where "key" = ?`,
      [key],
    );
    const before = await casesOpened();
    const retry = await openCase(token, intake(), key);
    expect(retry.errors?.map((error) => error.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_IN_USE']);
    expect(await casesOpened()).toBe(before);
  });

  it('keeps keys per caller: another caller with the same key opens a case of its own', async () => {
    const key = randomUUID();
    const before = await casesOpened();
    const mine = await openCase(await arcc('idem-arcc-one'), intake(), key);
    const theirs = await openCase(await arcc('idem-arcc-two'), intake(), key);
    expect(mine.data.openCase.case).not.toBeNull();
    expect(theirs.data.openCase.case).not.toBeNull();
    expect(theirs.data.openCase.case.id).not.toBe(mine.data.openCase.case.id);
    expect(await casesOpened()).toBe(before + 2);
  });

  it('replays a refused first outcome (userErrors) too', async () => {
    const token = await arcc();
    const key = randomUUID();
    const invalid = intake({ cnic: 'not-a-cnic' });
    const first = await openCase(token, invalid, key);
    expect(first.data.openCase.case).toBeNull();
    expect(first.data.openCase.userErrors.map((error: { code: string }) => error.code)).toContain('INVALID_INPUT');
    const entries = () =>
      count(`select count(*) as n from "$schema"."audit_entry" where "field" = 'Mutation.openCase' and "outcome" = 'INVALID'`);
    const recorded = await entries();
    // Replayed, not run again: no second INVALID entry on the trail.
    expect(await openCase(token, invalid, key)).toEqual(first);
    expect(await entries()).toBe(recorded);
  });

  it('refuses a malformed key as bad input, and a query ignores the header', async () => {
    const token = await arcc();
    const before = await casesOpened();
    for (const header of ['x'.repeat(256), '"unterminated', '"tab\there"', 'é-not-ascii']) {
      const answer = await graphql(stack.gatewayUrl, OPEN_CASE, {
        token,
        variables: { input: intake() },
        headers: { [IDEMPOTENCY_KEY_HEADER]: header },
      });
      expect(
        answer.errors?.map((error) => error.extensions?.code),
        header,
      ).toEqual(['BAD_USER_INPUT']);
    }
    expect(await casesOpened()).toBe(before);
    const longest = await openCase(token, intake(), 'k'.repeat(255));
    expect(longest.data.openCase.case).not.toBeNull();

    const query = /* GraphQL */ `{ crisisCells(first: 1) { totalCount } }`;
    const keys = () => count(`select count(*) as n from "$schema"."idempotency_key"`);
    const held = await keys();
    const plain = await graphql(stack.gatewayUrl, query);
    const keyed = await graphql(stack.gatewayUrl, query, { headers: { [IDEMPOTENCY_KEY_HEADER]: '"a query key"' } });
    expect(keyed).toEqual(plain);
    expect(keyed.errors).toBeUndefined();
    expect(await keys()).toBe(held);
  });

  it('signs the key: a subgraph refuses a signed request whose key was changed', async () => {
    const token = await arcc();
    const body = JSON.stringify({ query: OPEN_CASE.replace(/crisisCell \{ id name \} /, ''), variables: { input: intake() } });
    const authorization = `Bearer ${token}`;
    const post = (headers: Record<string, string>) =>
      fetch(stack.subgraphUrls.cases, { method: 'POST', headers: { 'content-type': 'application/json', authorization, ...headers }, body });
    const before = await casesOpened();
    const signature = signSubgraphRequest({ secret: SECRET, body, authorization, idempotencyKey: '"signed-key"' });
    const swapped = await post({ [SIGNATURE_HEADER]: signature, [IDEMPOTENCY_KEY_HEADER]: '"swapped-key"' });
    expect(swapped.status).toBe(401);
    expect(((await swapped.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    // A key added to a request signed without one is refused as well.
    const unkeyedSignature = signSubgraphRequest({ secret: SECRET, body, authorization });
    expect((await post({ [SIGNATURE_HEADER]: unkeyedSignature, [IDEMPOTENCY_KEY_HEADER]: '"added-key"' })).status).toBe(401);
    expect(await casesOpened()).toBe(before);
    // The key as signed is accepted.
    const signed = await post({ [SIGNATURE_HEADER]: signature, [IDEMPOTENCY_KEY_HEADER]: '"signed-key"' });
    expect(signed.status).toBe(200);
    expect(await casesOpened()).toBe(before + 1);
  });
});
