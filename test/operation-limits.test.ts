/**
 * Issue 14, items 1 and 2, over HTTP: operations over a limit are refused
 * before planning, at the gateway and at each subgraph, with nothing executed;
 * every legitimate operation of the product passes; and nothing about the
 * schema leaks without introspection (no suggestions, introspection and the
 * landing page off in production, no telemetry).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  Kind,
  parse,
  validate,
  specifiedRules,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { defaultGatewayParts } from '../gateway/part.ts';
import { COMMITTEE_DASHBOARD_QUERY } from '../bench/lib/committee-dashboard.ts';
import { DASHBOARD_PAGE_QUERY } from '../gateway/dashboard/query.ts';
import { createSubgraphFetcher } from '../gateway/subgraph-client.ts';
import { readSupergraph } from '../gateway/supergraph.ts';
import { createCasesService } from '../subgraphs/cases/src/server.ts';
import {
  createLogger,
  DEFAULT_AGENCY_COST_CEILINGS,
  DEFAULT_OPERATION_LIMITS,
  listen,
  type ListeningService,
  operationCost,
  operationLimits,
  plannedOperationLimits,
} from '#service';
import {
  agencyWorkloads,
  bodyOf,
  CASE_ACROSS_AGENCIES,
  caseAcrossAgencies,
  graphql,
  investigatorOf,
  productionEnv,
  sqlStatementsDuring,
  startGateway,
  startSubgraphForTest,
  type SubgraphUnderTest,
  tokenFor,
} from '#test-kit';
import { Registry } from 'prom-client';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');
const limits = DEFAULT_OPERATION_LIMITS;

/** `case { trial { case { trial ... { id } } } }`, `levels` fields deep (armor counts the leaf `id` as a level). */
function nested(levels: number): string {
  let inner = 'id';
  for (let level = levels - 2; level >= 1; level--) inner = `${level % 2 === 1 ? 'trial' : 'case'} { ${inner} }`;
  return `query Deep($id: ID!) { case(id: $id) { ${inner} } }`;
}
const deep = nested(15);
const aliased = `query Aliased($id: ID!) { case(id: $id) { ${Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(' ')} } }`;
// Each directive in a selection of its own: the same field written again in one selection would be over the repeats limit too.
const directed = `{ ${'... on Query { __typename @skip(if: false) } '.repeat(50)}}`;
const long = `{ ${'__typename '.repeat(limits.tokens)}}`;
/**
 * A page of 500 cases, each with its evidence (assumed 20) and their custody (5), and its suspects (6) with
 * their register entries' notifications (30): 1 + 500 × (edge 1 + case 1 + 20 × (1 + 5) + 6 × (1 + 1 + 30)) = 157001.
 */
const costly =
  'query Costly($first: Int) { cases(first: $first) { edges { node { id evidence { id custody { at } } suspects { id registerEntry { id notifications { kind } } } } } } }';
/** Under LIMIT_MAX_COST, over an anonymous caller's (PUBLIC) ceiling: 1 + totalCount 10 + 500 × (edge 1 + case 1 + 20 evidence) = 11011. */
const costlyForPublic = '{ cases(first: 500) { totalCount edges { node { id evidence { id } } } } }';

const refusal = (limit: RegExp) => ({
  status: 400,
  data: undefined,
  errors: [{ message: expect.stringMatching(limit), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
});

/** An HTTP server standing in for every subgraph: it counts what it is asked and answers nothing useful. */
async function subgraphStandIn(): Promise<{ server: Server; url: string; asked: () => number }> {
  let asked = 0;
  const server = createServer((req, res) => {
    asked += 1;
    req.resume();
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, asked: () => asked };
}

describe('operation limits at the gateway (the shared stack)', () => {
  let ssoiu: string;
  let anyCase: string;
  beforeAll(async () => {
    ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-limits' });
    anyCase = caseAcrossAgencies().id;
  });

  it.each([
    ['depth', () => deep, /^Query depth limit of 10 exceeded, found 15\.$/],
    ['aliases', () => aliased, /^Aliases limit of 15 exceeded, found 100\.$/],
    ['directives', () => directed, /^Directives limit of 20 exceeded, found 50\.$/],
    ['tokens', () => long, /^Token limit of 1000 exceeded, found 1002\.$/],
    ['cost', () => costly, /^Operation cost 157001 exceeds the limit 100000 for SSOIU\.$/],
  ])(
    'refuses an operation over the %s limit, saying which and by how much, and no subgraph runs SQL for it',
    async (_name, query, message) => {
      const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
        const answer = await graphql(gatewayUrl, query(), { token: ssoiu, requestId, variables: { id: anyCase, first: 500 } });
        expect(answer).toEqual(refusal(message));
      });
      expect(statements.total).toBe(0);
    },
  );

  it("holds an anonymous caller to PUBLIC's lower cost ceiling, refusing before the policy filter records anything", async () => {
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const answer = await graphql(gatewayUrl, costlyForPublic, { requestId });
      expect(answer).toEqual(
        refusal(new RegExp(`^Operation cost 11011 exceeds the limit ${DEFAULT_AGENCY_COST_CEILINGS.PUBLIC} for PUBLIC\\.$`)),
      );
    });
    // Not even the refusal of `cases` (PUBLIC may not read it) is recorded: the operation was refused before.
    expect(statements.total).toBe(0);
    // An agency under the general ceiling is answered.
    const answered = await graphql(gatewayUrl, costlyForPublic, { token: ssoiu });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.cases.edges.length).toBeGreaterThan(0);
  });

  it('answers an operation at the depth limit, planned across subgraphs (no subgraph refuses what the gateway sends it)', async () => {
    const answer = await graphql(gatewayUrl, nested(limits.depth), { token: ssoiu, variables: { id: anyCase } });
    expect(answer.status).toBe(200);
    expect(answer.errors?.filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBeUndefined();
  });

  it('weighs a page size passed as a variable, answering a small page of the operation it refuses for a large one', async () => {
    const small = await graphql(gatewayUrl, costly, { token: ssoiu, variables: { first: 10 } });
    expect(small.status).toBe(200);
    // Answered: at most a refusal of a register entry's notifications outside the officer's province.
    expect((small.errors ?? []).filter((error) => error.extensions?.code !== 'UNAUTHORIZED_FIELD_OR_TYPE')).toEqual([]);
    expect(small.data.cases.edges).toHaveLength(10);
    const large = await graphql(gatewayUrl, costly, { token: ssoiu, variables: { first: 500 } });
    expect(large).toEqual(refusal(/^Operation cost 157001 exceeds the limit 100000 for SSOIU\.$/));
  });

  it("gives an auditor every trail's full page and every chain's walk in one operation, which PUBLIC's ceiling refuses", async () => {
    const fields = 'seq recordedAt requestId subject agency field rowIds purpose outcome previousHash hash';
    const trails = ['caseAuditTrail', 'courtsAuditTrail', 'crisisCellsAuditTrail', 'registerAuditTrail'];
    const chains = ['verifyCaseAuditChain', 'verifyCourtsAuditChain', 'verifyCrisisCellsAuditChain', 'verifyRegisterAuditChain'];
    const query = `query Audit { ${[
      ...trails.map(
        (trail) => `${trail}(first: 1000) { totalCount edges { cursor node { ${fields} } } pageInfo { hasNextPage endCursor } }`,
      ),
      ...chains.map((chain) => `${chain} { ok entriesChecked }`),
    ].join(' ')} }`;
    // Each trail 1 + totalCount 10 + 1000 × (edge 1 + entry 1) + pageInfo 1 = 2012; each chain's walk 1000.
    const cost = 4 * 2012 + 4 * 1000;
    const audited = await graphql(gatewayUrl, query, { token: await tokenFor({ agency: 'AUDITOR', sub: 'limits-auditor' }) });
    expect(audited.errors).toBeUndefined();
    for (const trail of trails) expect(audited.data[trail].totalCount, trail).toEqual(expect.any(Number));
    for (const chain of chains) expect(audited.data[chain].entriesChecked, chain).toEqual(expect.any(Number));
    const refused = await graphql(gatewayUrl, query);
    expect(refused).toEqual(
      refusal(new RegExp(`^Operation cost ${cost} exceeds the limit ${DEFAULT_AGENCY_COST_CEILINGS.PUBLIC} for PUBLIC\\.$`)),
    );
  });

  it('answers the wide cross-agency query in full', async () => {
    const facts = caseAcrossAgencies();
    const { identity, headers } = investigatorOf(facts);
    const answer = await graphql(gatewayUrl, CASE_ACROSS_AGENCIES, {
      token: await tokenFor(identity),
      headers,
      variables: { id: facts.id },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.case.trial.verdict.convictions.length).toBeGreaterThan(0);
  });

  it("answers the explorer's introspection query in development", async () => {
    const answer = await graphql<IntrospectionQuery>(gatewayUrl, getIntrospectionQuery());
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.__schema.queryType.name).toBe('Query');
  });
});

describe("every legitimate operation of the product is within the limits, the gateway's and a subgraph's", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const documents: [string, string, Record<string, unknown>?][] = [
    ['the committee dashboard', COMMITTEE_DASHBOARD_QUERY],
    ["the committee's dashboard page", DASHBOARD_PAGE_QUERY],
    ['the cross-agency query', CASE_ACROSS_AGENCIES],
    ["the explorer's introspection query", getIntrospectionQuery()],
    ...[...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match, i): [string, string] => [`README example ${i + 1}`, match[1]!]),
  ];

  it('README examples, workloads W1–W7, the dashboard, the cross-agency and introspection queries', async () => {
    for (const workload of await agencyWorkloads(1))
      for (const request of workload.requests.slice(0, 3)) {
        const { query, variables } = JSON.parse(bodyOf(request, {}));
        documents.push([`${workload.name} ${request.label}`, query, variables]);
      }
    const { data } = await graphql<IntrospectionQuery>(gatewayUrl, getIntrospectionQuery());
    const schema = buildClientSchema(data!);
    const rulesOf = async (planned: boolean) => {
      const setup = { name: 'check', env: {}, logger: createLogger('check', {}), registry: new Registry(), ready: async () => true };
      return (await operationLimits({ planned }).setup(setup)).validationRules ?? [];
    };
    const [gateway, subgraph] = [await rulesOf(false), await rulesOf(true)];
    // The cost as the gateway weighs it, on the composed supergraph, within the ceiling of every agency (PUBLIC's too).
    const supergraph = buildASTSchema(readSupergraph().document);
    const costs: number[] = [];
    for (const [name, query, variables] of documents) {
      const document = parse(query);
      expect(validate(schema, document, [...specifiedRules, ...gateway]).map((e) => `${name}: ${e.message}`)).toEqual([]);
      expect(validate(schema, document, subgraph).map((e) => `${name}: ${e.message}`)).toEqual([]);
      for (const operation of document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
        const cost = operationCost(supergraph, document, operation, { variables });
        expect(cost, name).toBeLessThanOrEqual(DEFAULT_AGENCY_COST_CEILINGS.PUBLIC!);
        costs.push(cost);
      }
    }
    expect(documents.length).toBeGreaterThan(30);
    // README "Operation limits": the product's costliest operation.
    expect(Math.max(...costs)).toBe(4145);
  });

  it("gives a subgraph room for the gateway's planned operations", () => {
    expect(plannedOperationLimits(limits)).toEqual({
      depth: limits.depth + 2,
      aliases: limits.aliases * 2,
      directives: limits.directives * 2,
      tokens: limits.tokens * 2,
      repeats: limits.repeats * 2,
      cost: limits.cost * 2,
    });
  });
});

describe('operation limits at a subgraph, asked directly', () => {
  const planned = plannedOperationLimits(limits);
  it.each([
    ['tokens', `{ ${'__typename '.repeat(planned.tokens)}}`, /^Token limit of 2000 exceeded, found 2002\.$/],
    ['directives', `{ ${'... on Query { __typename @skip(if: false) } '.repeat(100)}}`, /^Directives limit of 40 exceeded, found 100\.$/],
  ])('refuses an operation over its %s limit and runs no SQL', async (_name, query, message) => {
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      expect(await graphql(subgraphUrls.cases!, query, { requestId })).toEqual(refusal(message));
    });
    expect(statements.total).toBe(0);
  });

  it("weighs an operation by the subgraph's own @cost/@listSize, an entity fetch by the representations it is sent", async () => {
    const token = await tokenFor({ agency: 'SSOIU', province: caseAcrossAgencies().province, sub: 'officer-limits' });
    const query =
      'query Fetch($representations: [_Any!]!) { _entities(representations: $representations) { ... on Case { trial { id hearings { id } } } } }';
    const fetchOf = (count: number) => ({
      representations: Array.from({ length: count }, () => ({ __typename: 'Case', id: caseAcrossAgencies().id })),
    });
    // Each representation: the entity 1 + its trial 1 + 30 hearings; the subgraph allows twice the gateway's PUBLIC 5000.
    const statements = await sqlStatementsDuring(subgraphUrls, async (requestId) => {
      const answer = await graphql(subgraphUrls.courts!, query, { requestId, variables: fetchOf(400) });
      expect(answer).toEqual(refusal(/^Operation cost 12800 exceeds the limit 10000 for PUBLIC\.$/));
    });
    expect(statements.total).toBe(0);
    const answered = await graphql(subgraphUrls.courts!, query, { token, variables: fetchOf(2) });
    expect(answered.errors).toBeUndefined();
    expect(answered.data._entities).toHaveLength(2);
  });
});

describe('a refused operation reaches no subgraph (a gateway of its own before a stand-in)', () => {
  let standIn: Awaited<ReturnType<typeof subgraphStandIn>>;
  let gateway: ListeningService;
  let ssoiu: string;
  beforeAll(async () => {
    standIn = await subgraphStandIn();
    const urls = Object.fromEntries(Object.keys(subgraphUrls).map((name) => [name, standIn.url]));
    gateway = await listen(await createGatewayService({ env: process.env, subgraphUrls: urls }), 0, '127.0.0.1', '/graphql');
    ssoiu = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-limits' });
  });
  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => standIn?.server.close(resolve));
  });

  it('asks no subgraph anything for any refused operation, though it asks them for one within the limits', async () => {
    for (const query of [deep, aliased, directed, long, costly]) {
      expect((await graphql(gateway.url, query, { token: ssoiu, variables: { id: 'x', first: 500 } })).status).toBe(400);
    }
    await graphql(gateway.url, costlyForPublic, {});
    expect(standIn.asked()).toBe(0);
    await graphql(gateway.url, '{ cases(first: 1) { totalCount } }', { token: ssoiu });
    expect(standIn.asked()).toBeGreaterThan(0);
  });
});

describe('nothing about the schema leaks', () => {
  const production: NodeJS.ProcessEnv = {
    ...productionEnv('limits-test-secret-of-at-least-32-bytes'),
    // What an ad-hoc document meets in production: by default (enforce) it is refused before it is even parsed.
    TRUSTED_DOCUMENTS: 'allow',
  };
  let prod: ListeningService;
  let prodWithPage: ListeningService;
  /** The cases subgraph in production (migrated, not seeded), and a client signing as the gateway does. */
  let prodCases: SubgraphUnderTest;
  const signing = createSubgraphFetcher({ signingSecret: production.SUBGRAPH_HMAC_SECRET! });
  const askProdCases = async (query: string) => {
    const response = await signing.fetcher(prodCases.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...(await response.json()) };
  };
  beforeAll(async () => {
    const start = (env: NodeJS.ProcessEnv) => startGateway(env, inject('subgraphUrls'));
    [prod, prodWithPage, prodCases] = await Promise.all([
      start(production),
      start({ ...production, LANDING_PAGE: 'sandbox' }),
      startSubgraphForTest(createCasesService, { env: { ...production, LOG_LEVEL: 'silent' }, seedOnStart: 'never' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([prod?.stop(), prodWithPage?.stop(), prodCases?.stop()]);
    await signing.close();
  });

  const misspelt = [
    ['a field', '{ casse(id: "x") { id } }'],
    ['an enum value', '{ cases(first: 1, filter: { status: [REPORTD] }) { totalCount } }'],
    ['an argument', '{ cases(frist: 1) { totalCount } }'],
    ['a type', 'query($f: CaseFiltr) { cases(filter: $f) { totalCount } }'],
  ] as const;

  it.each(misspelt)(
    'suggests nothing for a misspelt %s, at the gateway in development and production and at a subgraph',
    async (_what, query) => {
      for (const url of [gatewayUrl, prod.url, subgraphUrls.cases!]) {
        const { status, errors } = await graphql(url, query);
        expect(status).toBe(400);
        expect(errors?.length).toBeGreaterThan(0);
        for (const error of errors!) expect(error.message).not.toMatch(/did you mean/i);
      }
    },
  );

  it('suggests nothing for a misspelt enum value in variables', async () => {
    const query = 'query($s: [CaseStatus!]) { cases(first: 1, filter: { status: $s }) { totalCount } }';
    const token = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-limits' });
    for (const url of [gatewayUrl, subgraphUrls.cases!]) {
      const { errors } = await graphql(url, query, { token, variables: { s: ['REPORTD'] } });
      expect(errors?.[0]?.message).toMatch(/REPORTD/);
      for (const error of errors!) expect(error.message).not.toMatch(/did you mean/i);
    }
  });

  it('refuses introspection in production, at the gateway and at a subgraph (asked as the gateway asks)', async () => {
    for (const answer of [
      await graphql(prod.url, '{ __schema { types { name } } }'),
      await askProdCases('{ __schema { types { name } } }'),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // The signed request itself is admitted: a plain query is answered.
    expect(await askProdCases('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });

  it.each(misspelt)('suggests nothing for a misspelt %s at a subgraph in production', async (_what, query) => {
    const { status, errors } = await askProdCases(query);
    expect(status).toBe(400);
    for (const error of errors) expect(error.message).not.toMatch(/did you mean/i);
  });

  const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });

  it('serves the explorer in development, no landing page in production unless asked, and the Sandbox without telemetry', async () => {
    const development = await page(gatewayUrl);
    expect(development.headers.get('content-type')).toMatch(/text\/html/);
    const html = await development.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).not.toContain('apollographql.com');

    const none = await page(prod.url);
    expect(none.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await none.text()).not.toMatch(/Sandbox|Explorer/);

    const asked = await page(prodWithPage.url);
    expect(asked.headers.get('content-type')).toMatch(/text\/html/);
    expect(await asked.text()).toContain('"runTelemetry":false');
  });

  it('does not start in production without its operation limits, nor with LIMITS=off', async () => {
    await expect(createGatewayService({ env: production, parts: defaultGatewayParts({ leaveOut: ['operation-limits'] }) })).rejects.toThrow(
      /operation limits \(the operation-limits part\)/,
    );
    await expect(createGatewayService({ env: { ...production, LIMITS: 'off' } })).rejects.toThrow(/LIMITS=off is refused in production/);
  });
});
