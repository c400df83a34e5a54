import { describe, expect, inject, it } from 'vitest';
import { graphql } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');
const processes = { gateway: gatewayUrl, ...subgraphUrls };

describe('operations endpoints', () => {
  it.each(Object.entries(processes))('%s answers /health and /ready', async (_name, url) => {
    for (const path of ['/health', '/ready']) {
      const response = await fetch(new URL(path, url));
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveProperty('status');
    }
  });

  it.each(Object.entries(subgraphUrls))('%s counts its SQL statements on /metrics', async (name, url) => {
    const response = await fetch(new URL('/metrics', url));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^# TYPE sql_statements_total counter$/m);
    expect(text).toMatch(new RegExp(`^sql_statements_total\\{subgraph="${name}"\\} [1-9]\\d*$`, 'm'));
    expect(text).toMatch(new RegExp(`^committee_figures_preparing\\{subgraph="${name}"\\} [01]$`, 'm'));
  });

  it.each(Object.entries(processes))('%s reports the metrics of its process on /metrics', async (_name, url) => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('the gateway counts the GraphQL requests it has answered on /metrics', async () => {
    const served = async () => {
      const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
      const match = /^graphql_requests_total\{service="gateway"\} (\d+)$/m.exec(text);
      expect(match, text).not.toBeNull();
      return Number(match![1]);
    };
    // The counter has a line once it has counted a request: one first, whichever test file asked the gateway before.
    await graphql(gatewayUrl, '{ __typename }');
    const before = await served();
    expect((await graphql(gatewayUrl, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    // Other test files share the gateway: at least this one more.
    expect(await served()).toBeGreaterThan(before);
    expect(await (await fetch(new URL('/metrics', gatewayUrl))).text()).not.toMatch(/^sql_statements_total/m);
  });

  it('serves the explorer to a browser at the gateway URL', async () => {
    const response = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
  });

  it('answers an unknown path with 404 and a malformed body with a clear 400', async () => {
    expect((await fetch(new URL('/nope', gatewayUrl))).status).toBe(404);
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('reports a syntax error without internals', async () => {
    const response = await graphql(gatewayUrl, '{ crisisCells { ');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(response)).not.toMatch(/stack|at .*\.ts|127\.0\.0\.1|select /i);
  });
});

describe('subgraphs take GraphQL only as POST', () => {
  it.each(Object.entries(subgraphUrls))('%s refuses GraphQL over GET with 405', async (_name, url) => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('the gateway still answers GET, for the Sandbox and plain links', async () => {
    const response = await fetch(`${gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
