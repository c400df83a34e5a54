/**
 * Issue 14, "done means": a third-party audit of the usual GraphQL attacks
 * finds nothing against the gateway with NODE_ENV=production, and nothing but
 * introspection in development. The audit is dolevf/graphql-cop's: each of
 * its checks below sends what that tool sends, and asserts the answer its
 * criterion would pass (quoted with each), then what the product promises
 * beyond it (nothing runs, one clear code). README "Production settings".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import { sqlStatementsDuring } from '#test-kit';

const subgraphUrls = inject('subgraphUrls');

const MODES = {
  production: {
    NODE_ENV: 'production',
    // What production refuses to start without (nothing here fetches the key set: every request is anonymous).
    CORS_ORIGIN: 'https://front-end.invalid',
    JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    SUBGRAPH_HMAC_SECRET: 'attacks-test-secret-of-at-least-32-bytes',
    // Ad-hoc operations accepted, so that each check reaches the defence it is about: enforced trusted
    // documents (production's default) would refuse every operation here before any of them.
    TRUSTED_DOCUMENTS: 'allow',
  },
  development: { NODE_ENV: 'development' },
} as const;
type Mode = keyof typeof MODES;

const gateways = {} as Record<Mode, ListeningService>;
beforeAll(async () => {
  for (const mode of Object.keys(MODES) as Mode[]) {
    const env = { ...process.env, LOG_LEVEL: 'silent', ...MODES[mode] };
    gateways[mode] = await listen(await createGatewayService({ env, subgraphUrls }), 0, '127.0.0.1', '/graphql');
  }
});
afterAll(async () => {
  await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
});

interface Answer {
  status: number;
  allow: string | null;
  text: string;
  body: any;
}

/** A request as graphql-cop sends it (python-requests' headers: any media type accepted, no other header unless given), and its answer. */
async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, headers: { accept: '*/*', 'user-agent': 'graphql-cop/1.14', ...init.headers } });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const answer = { status: response.status, allow: response.headers.get('allow'), text, body };
  expectNothingInternal(answer);
  return answer;
}

/** graphql-cop's `graph_query`: POST, JSON, `{ query, operationName: "cop" }` (or an array of ten for batching). */
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const cop = (query: string) => ({ query, operationName: 'cop' });
const get = (url: string, query: string, headers: Record<string, string> = {}) =>
  send(`${url}?${new URLSearchParams({ query })}`, { headers });

/**
 * No answer carries what graphql-cop's "Trace Mode" and "Unhandled Errors"
 * look for (`tracing`, `exception`, any `stacktrace`), nor a stack frame, a
 * path on this machine, or the federated trace a subgraph keeps for a gateway.
 */
function expectNothingInternal({ text }: Answer) {
  expect(text.toLowerCase()).not.toMatch(/stacktrace|exception|"tracing"|ftv1/);
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|file:\/\/|\/work\//);
}

const refused = (answer: Answer, status = 400) => {
  expect(answer.status).toBe(status);
  expect(answer.body.data).toBeUndefined();
  return answer.body.errors as { message: string; extensions: { code: string } }[];
};

/** An operation that writes (as ARCC it records a visit and an audit entry): anonymous, it would reach the subgraph and be refused there. */
const WRITE =
  'mutation { recordCellVisit(input: { arrivedAt: "2025-01-01T10:00:00Z", childSurvivor: false, services: [] }) { userErrors { code } } }';
const READ = '{ crisisCells(first: 1) { totalCount } }';

describe.each(Object.keys(MODES) as Mode[])('graphql-cop against the gateway in %s', (mode) => {
  const url = () => gateways[mode].url;

  it('Alias Overloading ("data.alias100" answered): 101 aliases of __typename are over the aliases limit', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('');
    const errors = refused(await post(url(), cop(`query { ${aliases} }`)));
    expect(errors).toEqual([{ message: 'Aliases limit of 15 exceeded, found 101.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('Array-based Query Batching (10 or more answers): an array body is refused whole, and none of its operations runs', async () => {
    const answer = await post(
      url(),
      Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' })),
    );
    expect(Array.isArray(answer.body)).toBe(false);
    expect(refused(answer)).toEqual([{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }]);
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      refused(await post(url(), [{ query: READ }, { query: READ }], { 'x-request-id': requestId }));
    });
    expect(statements.total).toBe(0);
  });

  it('Field Duplication ("data.__typename" answered): 500 __typename in one selection are over the repeats limit', async () => {
    const errors = refused(await post(url(), cop(`query cop { ${'__typename \n'.repeat(500)}} `)));
    expect(errors).toEqual([{ message: 'Repeats limit of 3 exceeded, found 500.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('Directive Overloading (exactly 10 errors, one per directive): ten @aa on one field are over the repeats limit', async () => {
    const errors = refused(await post(url(), cop('query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }')));
    expect(errors).toContainEqual({ message: 'Repeats limit of 3 exceeded, found 10.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(errors).not.toHaveLength(10);
  });

  it('Field Suggestions ("Did you mean" in the first error): no message suggests anything', async () => {
    for (const query of [
      'query cop { __schema { directive } }',
      '{ crisisCells(first: 1) { totalCont } }',
      '{ crisisCell(idd: "x") { id } }',
    ]) {
      for (const error of refused(await post(url(), cop(query)))) expect(error.message).not.toMatch(/did you mean/i);
    }
  });

  it('Introspection-based Circular Query (more than 25 types answered): refused', async () => {
    const query =
      'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
    expect(refused(await post(url(), cop(query)))[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('GraphQL IDE (GraphiQL or Playground at /graphiql, /playground, /console, /graphql): none served to a client that is not a browser', async () => {
    for (const path of ['/graphiql', '/playground', '/console', '/graphql']) {
      const { text } = await send(new URL(path, url()).href);
      for (const word of ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground'])
        expect(text, path).not.toContain(word);
    }
  });

  it('GET Method Query Support ("data.__typename" over GET): a GET without a preflight header is refused as possible CSRF', async () => {
    const errors = refused(await get(url(), '{__typename}'));
    expect(errors).toEqual([
      {
        message: expect.stringMatching(/^This operation has been blocked as a potential Cross-Site Request Forgery/),
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('a GET query that says it is no simple request (apollo-require-preflight) is answered: queries only, for cacheable reads', async () => {
    const answer = await get(url(), READ, { 'apollo-require-preflight': 'true' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.crisisCells.totalCount).toBeGreaterThan(0);
  });

  it('Mutation is allowed over GET ("data.__typename" answered): refused, and a real mutation over GET runs nothing', async () => {
    refused(await get(url(), 'mutation cop {__typename}'));
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const answer = await get(url(), WRITE, { 'apollo-require-preflight': 'true', 'x-request-id': requestId });
      expect(refused(answer, 405)).toEqual([
        { message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } },
      ]);
      expect(answer.allow).toBe('POST');
    });
    expect(statements.total).toBe(0);
  });

  it('POST based url-encoded query (possible CSRF): every simple request (a form or text/plain) is refused, and runs nothing', async () => {
    // graphql-cop's own: the query in the URL of a POST without a body.
    refused(await send(`${url()}?${new URLSearchParams({ query: 'query {__typename}' })}`, { method: 'POST' }));
    const simple: [string, string][] = [
      ['text/plain', JSON.stringify({ query: WRITE })],
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: WRITE }).toString()],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${WRITE}\r\n--x--\r\n`],
    ];
    for (const [contentType, body] of simple) {
      const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
        const answer = await send(url(), { method: 'POST', headers: { 'content-type': contentType, 'x-request-id': requestId }, body });
        expect(refused(answer)[0]!.message, contentType).toMatch(
          /^This operation has been blocked as a potential Cross-Site Request Forgery/,
        );
      });
      expect(statements.total, contentType).toBe(0);
    }
  });

  it('Trace Mode (tracing, exception or a stacktrace in the answer): none, even asked for a trace or a debug mode', async () => {
    for (const answer of [
      await post(url(), cop('query cop { __typename }')),
      await post(`${url()}?debug=1`, cop('query cop { __typename }'), { 'apollo-federation-include-trace': 'ftv1' }),
    ]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('Unhandled Errors Detection ("exception" in the first error): a document that does not parse answers its code alone', async () => {
    expect(refused(await post(url(), cop('qwerty cop { abc }')))).toEqual([
      {
        message: 'Syntax Error: Unexpected Name "qwerty".',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
  });
});

describe('Introspection ("data.__schema.types" answered)', () => {
  const query = 'query cop { __schema { types { name fields { name } } } }';

  it('is refused in production', async () => {
    expect(refused(await post(gateways.production.url, cop(query)))[0]).toEqual({
      message: expect.stringMatching(/^GraphQL introspection is not allowed/),
      locations: expect.any(Array),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it("is answered in development, for the explorer: the development audit's one finding", async () => {
    const answer = await post(gateways.development.url, cop(query));
    expect(answer.status).toBe(200);
    expect(answer.body.data.__schema.types.length).toBeGreaterThan(25);
  });
});

describe('a browser asking for a page', () => {
  it('gets no landing page from production (LANDING_PAGE unset), nor a schema', async () => {
    const answer = await send(gateways.production.url, { headers: { accept: 'text/html' } });
    expect(answer.text).not.toMatch(/<html|Sandbox|Explorer|GraphiQL/i);
  });
});
