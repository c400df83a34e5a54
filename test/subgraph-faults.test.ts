/**
 * Issue 14, item 5, over HTTP: a subgraph that is down or slow costs the
 * client its part of the answer, never the rest; the error says which
 * subgraph and what happened (Apollo Router's codes) and nothing of where it
 * runs; the gateway's /ready names the subgraph that is down.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import { caseAcrossAgencies, graphql, investigatorOf, type RunningStack, startStack, tokenFor } from '#test-kit';

const CASE_WITH_TRIAL = 'query CaseWithTrial($id: ID!) { case(id: $id) { id reference status trial { id caseNumber status } } }';

let stack: RunningStack;
let token: string;
let headers: Record<string, string>;
const facts = caseAcrossAgencies();

beforeAll(async () => {
  stack = await startStack({ world: 'seeded' });
  const investigator = investigatorOf(facts);
  token = await tokenFor(investigator.identity);
  headers = investigator.headers;
});
afterAll(() => stack?.stop());

const askCase = (url: string) => graphql(url, CASE_WITH_TRIAL, { token, headers, variables: { id: facts.id } });
const readyOf = async (gatewayUrl: string) => {
  const response = await fetch(new URL('/ready', gatewayUrl));
  return { status: response.status, body: await response.json() };
};

/** Nothing in an answer that says where a subgraph runs or how the gateway failed inside. */
function expectNothingInternal(answer: unknown, subgraphUrl: string) {
  const text = JSON.stringify(answer);
  const { hostname, port } = new URL(subgraphUrl);
  expect(text).not.toContain(hostname);
  expect(text).not.toContain(port);
  expect(text).not.toMatch(/localhost|ECONNREFUSED|UND_ERR|AbortError|TimeoutError|fetch failed|stacktrace|\bat \S+ \(|\.ts:\d+/i);
}

describe('a subgraph that is down', () => {
  it('answers the case without its trial, with SUBREQUEST_HTTP_ERROR naming courts; /ready says courts is unreachable; both mend when it is back', async () => {
    const courts = await stack.down('courts');
    try {
      const answer = await askCase(stack.gatewayUrl);
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ case: { id: facts.id, reference: facts.reference, status: facts.status, trial: null } });
      expect(answer.errors).toEqual([
        {
          message: 'The courts subgraph could not be reached (connection refused): its part of the answer is missing.',
          extensions: { code: 'SUBREQUEST_HTTP_ERROR', service: 'courts' },
        },
      ]);
      expectNothingInternal(answer, stack.subgraphUrls.courts);

      expect(await readyOf(stack.gatewayUrl)).toEqual({
        status: 503,
        body: { status: 'not ready', subgraphs: { cases: 'ready', offenders: 'ready', courts: 'unreachable', 'crisis-cells': 'ready' } },
      });
    } finally {
      await courts.back();
    }
    const mended = await askCase(stack.gatewayUrl);
    expect(mended.errors).toBeUndefined();
    expect(mended.data.case.trial).toMatchObject({ id: expect.any(String), caseNumber: expect.any(String) });
    const ready = await readyOf(stack.gatewayUrl);
    expect(ready.status).toBe(200);
    expect(Object.values(ready.body.subgraphs)).toEqual(['ready', 'ready', 'ready', 'ready']);
  });
});

/** An HTTP proxy in front of a subgraph that holds each request `delayMs` before passing it on. */
async function slowProxy(target: string, delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const timer = setTimeout(async () => {
        timers.delete(timer);
        if (res.destroyed) return;
        const forwarded = Object.fromEntries(
          Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
        );
        const answer = await fetch(target, {
          method: req.method,
          headers: forwarded as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      }, delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a subgraph slower than its timeout', () => {
  let proxy: Awaited<ReturnType<typeof slowProxy>>;
  const gateways: ListeningService[] = [];
  /** A gateway of its own, with courts behind the slow proxy. */
  const gatewayWith = async (env: NodeJS.ProcessEnv) => {
    const service = await createGatewayService({
      env: { ...process.env, ...env },
      subgraphUrls: { ...stack.subgraphUrls, courts: proxy.url },
    });
    const gateway = await listen(service, 0, '127.0.0.1', '/graphql');
    gateways.push(gateway);
    return gateway;
  };
  beforeAll(async () => {
    proxy = await slowProxy(stack.subgraphUrls.courts, 3_000);
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await proxy?.close();
  });

  it('answers the case without its trial, with GATEWAY_TIMEOUT naming courts, once its timeout has passed rather than when courts answers', async () => {
    const gateway = await gatewayWith({ COURTS_TIMEOUT_MS: '300' });
    const started = performance.now();
    const answer = await askCase(gateway.url);
    const elapsed = performance.now() - started;
    expect(answer.data).toEqual({ case: { id: facts.id, reference: facts.reference, status: facts.status, trial: null } });
    expect(answer.errors).toEqual([
      {
        message: 'The courts subgraph did not answer within 300 ms: its part of the answer is missing.',
        extensions: { code: 'GATEWAY_TIMEOUT', service: 'courts' },
      },
    ]);
    expectNothingInternal(answer, proxy.url);
    // Answered at the timeout, not at the proxy's 3 s (the margin is for a loaded machine).
    expect(elapsed).toBeLessThan(2_500);
  });

  it("waits as long as a subgraph's own timeout allows, beyond SUBGRAPH_TIMEOUT_MS", async () => {
    const gateway = await gatewayWith({ SUBGRAPH_TIMEOUT_MS: '1500', COURTS_TIMEOUT_MS: '20000' });
    const answer = await askCase(gateway.url);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.case.trial).toMatchObject({ id: expect.any(String), caseNumber: expect.any(String) });
  });

  it('refuses to start with a timeout that is not a positive number of milliseconds, naming the setting', async () => {
    await expect(createGatewayService({ env: { ...process.env, COURTS_TIMEOUT_MS: '2s' } })).rejects.toThrow(
      'COURTS_TIMEOUT_MS must be a whole number of milliseconds, at least 1; got "2s"',
    );
    await expect(createGatewayService({ env: { ...process.env, SUBGRAPH_TIMEOUT_MS: '0' } })).rejects.toThrow(
      /^SUBGRAPH_TIMEOUT_MS must be/,
    );
  });
});
