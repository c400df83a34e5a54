/**
 * Issue 14, item 4, over HTTP: rate limits per caller (the token's subject,
 * or an anonymous caller's address) and per agency, answered 429 with
 * `Retry-After` and a RATE_LIMITED error before anything of the request
 * runs; in memory, and shared by two gateways through Redis (REDIS_URL).
 * Each gateway here is one of its own, with small budgets, before the shared
 * stack's subgraphs (whose own budgets, like every test's, are generous).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import { postGraphQL, sqlStatementsDuring, tokenFor } from '#test-kit';

const subgraphUrls = inject('subgraphUrls');
const DIRECTORY = '{ crisisCells(first: 2) { totalCount edges { node { id name } } } }';
const CASES = '{ cases(first: 1) { totalCount } }';

/** A gateway of its own before the shared subgraphs, with these budgets, counting in memory unless `REDIS_URL` is given. */
async function gatewayWith(budgets: Record<string, string>): Promise<ListeningService> {
  const env = {
    ...process.env,
    LOG_LEVEL: 'silent',
    REDIS_URL: undefined,
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_PER_CALLER: '1000',
    RATE_LIMIT_PER_CALLER_PUBLIC: '1000',
    RATE_LIMIT_PER_AGENCY: '1000',
    ...budgets,
  };
  return listen(await createGatewayService({ env, subgraphUrls }), 0, '127.0.0.1', '/graphql');
}

const ask = (url: string, query: string, options: { token?: string; requestId?: string } = {}) => postGraphQL(url, { query }, options);

/** What a refused request must answer: 429, a whole number of seconds to wait within the window, one RATE_LIMITED error and no data. */
function expectRateLimited(answer: Awaited<ReturnType<typeof ask>>, message: RegExp, windowSeconds = 60) {
  const { status, headers, ...body } = answer;
  const retryAfter = headers.get('retry-after');
  expect(status).toBe(429);
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
  expect(body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'RATE_LIMITED' } }] });
  expect(body.errors![0]!.message).toContain(`Retry after ${retryAfter} s.`);
}

/** A gateway of its own for the enclosing `describe`, with these budgets: started before its tests, stopped after. */
function gatewayFor(budgets: Record<string, string>): () => ListeningService {
  let gateway: ListeningService | undefined;
  beforeAll(async () => {
    gateway = await gatewayWith(budgets);
  });
  afterAll(async () => {
    await gateway?.stop();
  });
  return () => gateway!;
}

describe('rate limits in one gateway (in memory)', () => {
  const gateway = gatewayFor({ RATE_LIMIT_PER_CALLER: '3', RATE_LIMIT_PER_CALLER_PUBLIC: '2', RATE_LIMIT_PER_AGENCY_COURT: '2' });

  it('answers an anonymous caller over its budget 429 with Retry-After and RATE_LIMITED, and nothing of the request runs', async () => {
    for (let i = 0; i < 2; i++) {
      const within = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
        const answer = await ask(gateway().url, DIRECTORY, { requestId });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('retry-after')).toBeNull();
        expect(answer.data.crisisCells.totalCount).toBeGreaterThan(0);
      });
      // The control: the same request within the budget reaches a subgraph, which reads its database.
      expect(within.total).toBeGreaterThan(0);
    }
    const over = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      expectRateLimited(
        await ask(gateway().url, DIRECTORY, { requestId }),
        /^Too many requests: an anonymous caller may send 2 every 60 s\./,
      );
    });
    expect(over).toEqual({ perSubgraph: { cases: 0, offenders: 0, courts: 0, 'crisis-cells': 0 }, total: 0 });
    const metrics = await (await fetch(new URL('/metrics', gateway().url))).text();
    expect(metrics).toMatch(/^graphql_rate_limited_total\{service="gateway",budget="caller",agency="PUBLIC"\} 1$/m);
  });

  it("keeps each subject's budget its own: one officer's spent budget leaves another's, and another agency's, whole", async () => {
    const [officerA, officerB, cell] = await Promise.all([
      tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: `officer-a-${randomUUID()}` }),
      tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: `officer-b-${randomUUID()}` }),
      tokenFor({ agency: 'ARCC', province: 'PUNJAB', sub: `cell-${randomUUID()}` }),
    ]);
    for (let i = 0; i < 3; i++) expect((await ask(gateway().url, CASES, { token: officerA })).status).toBe(200);
    const over = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      expectRateLimited(
        await ask(gateway().url, CASES, { token: officerA, requestId }),
        /^Too many requests: a caller may send 3 every 60 s\./,
      );
    });
    expect(over.total).toBe(0);
    // The same agency, province and query, another subject: answered, three times.
    for (let i = 0; i < 3; i++) {
      const answer = await ask(gateway().url, CASES, { token: officerB });
      expect(answer.status).toBe(200);
      expect(answer.data.cases.totalCount).toBeGreaterThan(0);
    }
    expect((await ask(gateway().url, CASES, { token: cell })).status).toBe(200);
    // And the first officer is still refused, whatever it asks.
    expect((await ask(gateway().url, '{ __typename }', { token: officerA })).status).toBe(429);
  });

  it("refuses a mutation over the caller's budget before it reaches the subgraph that owns it", async () => {
    const clerk = await tokenFor({ agency: 'ARCC', province: 'PUNJAB', sub: `clerk-${randomUUID()}` });
    for (let i = 0; i < 3; i++) expect((await ask(gateway().url, '{ __typename }', { token: clerk })).status).toBe(200);
    // Run, it would be on the cell's audit trail at least (a write): refused, no statement at all.
    const mutation =
      'mutation { recordCellVisit(input: { arrivedAt: "2025-01-01T10:00:00Z", childSurvivor: false, services: [] }) { userErrors { code } } }';
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      expectRateLimited(await ask(gateway().url, mutation, { token: clerk, requestId }), /^Too many requests: a caller may send 3/);
    });
    expect(statements.total).toBe(0);
  });

  it("refuses an agency's callers together over the agency's budget, each within its own, and no other agency", async () => {
    const judges = await Promise.all(
      [1, 2, 3].map((n) => tokenFor({ agency: 'COURT', province: 'SINDH', sub: `judge-${n}-${randomUUID()}` })),
    );
    expect((await ask(gateway().url, '{ __typename }', { token: judges[0] })).status).toBe(200);
    expect((await ask(gateway().url, '{ __typename }', { token: judges[1] })).status).toBe(200);
    expectRateLimited(
      await ask(gateway().url, '{ __typename }', { token: judges[2] }),
      /^Too many requests: this agency's callers together may send 2 every 60 s\./,
    );
    const officer = await tokenFor({ agency: 'SSOIU', province: 'SINDH', sub: `officer-${randomUUID()}` });
    expect((await ask(gateway().url, '{ __typename }', { token: officer })).status).toBe(200);
  });
});

describe('a caller refused for the window', () => {
  const gateway = gatewayFor({ RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_PER_CALLER_PUBLIC: '1' });

  it('is answered again once the Retry-After it was given has passed', async () => {
    expect((await ask(gateway().url, '{ __typename }')).status).toBe(200);
    const refused = await ask(gateway().url, '{ __typename }');
    expectRateLimited(refused, /an anonymous caller may send 1 every 1 s/, 1);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 100));
    expect(await ask(gateway().url, '{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });
});

describe('rate limits with Redis unreachable', () => {
  // Port 9 (discard) on this host: nothing listens, the connection is refused.
  const gateway = gatewayFor({ REDIS_URL: 'redis://127.0.0.1:9', RATE_LIMIT_PER_CALLER_PUBLIC: '2' });

  it("answers, and still limits each caller within this replica's memory: neither fails closed nor open", async () => {
    expect((await ask(gateway().url, '{ __typename }')).status).toBe(200);
    expect((await ask(gateway().url, '{ __typename }')).status).toBe(200);
    expectRateLimited(await ask(gateway().url, '{ __typename }'), /an anonymous caller may send 2 every 60 s/);
  });
});

// CI's PostgreSQL pass sets REDIS_URL (redis://127.0.0.1:6379); without it there is no Redis to share budgets through.
describe.skipIf(!process.env.REDIS_URL)('rate limits shared by two gateways through Redis (REDIS_URL)', () => {
  let first: ListeningService;
  let second: ListeningService;
  beforeAll(async () => {
    // Keys of this run's own, so no other run, stack or test spends from these budgets.
    const shared = {
      REDIS_URL: process.env.REDIS_URL!,
      RATE_LIMIT_KEY_PREFIX: `rate-limit-test:${randomUUID()}`,
      RATE_LIMIT_PER_CALLER: '4',
    };
    [first, second] = await Promise.all([gatewayWith(shared), gatewayWith(shared)]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it("spends one caller's budget from either gateway, and refuses it at both once spent, another caller's left whole", async () => {
    const officer = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: `officer-${randomUUID()}` });
    const other = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: `officer-${randomUUID()}` });
    for (const gateway of [first, second, first, second]) expect((await ask(gateway.url, CASES, { token: officer })).status).toBe(200);
    for (const gateway of [first, second]) {
      const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
        expectRateLimited(await ask(gateway.url, CASES, { token: officer, requestId }), /a caller may send 4 every 60 s/);
      });
      expect(statements.total).toBe(0);
    }
    expect((await ask(second.url, CASES, { token: other })).status).toBe(200);
  });
});
