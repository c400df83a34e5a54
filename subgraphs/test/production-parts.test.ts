import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_WRITE_STATEMENTS } from '#audit';
import { createGatewayService } from '../../gateway/server.ts';
import { defaultGatewayParts } from '../../gateway/part.ts';
import type { ListeningService } from '#service';
import {
  createSubgraphService,
  defaultSubgraphParts,
  REQUIRED_SUBGRAPH_PARTS,
  SQL_STATEMENTS_PATH,
  type SubgraphPartName,
} from '#subgraph';
import { graphql, startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { subgraphDefinitions } from '../definitions.ts';
import { createCasesService } from '../cases/src/server.ts';
import { SUBGRAPH_NAMES } from '../index.ts';

/**
 * What production requires of the parts a service is assembled from: a
 * benchmark's baseline may leave the policy or the audit trail out, but with
 * NODE_ENV=production a service without one refuses to start, and the
 * seam tests read SQL statement counts through does not exist.
 */

const PRODUCTION = {
  NODE_ENV: 'production',
  SUBGRAPH_HMAC_SECRET: 'x'.repeat(32),
  JWT_JWKS_URL: 'https://idp.invalid/jwks.json',
  CORS_ORIGIN: 'https://front-end.invalid',
  LOG_LEVEL: 'silent',
};
// A database that cannot be reached: a service that tried to open it would fail with another error.
const UNREACHABLE = { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:9/none' } as const;

describe('a service without a part production requires', () => {
  const required = Object.keys(REQUIRED_SUBGRAPH_PARTS) as SubgraphPartName[];

  it('names the same parts the benchmark leaves out: the policy and the audit trail, and the signature check and the operation limits', () => {
    expect(required.sort()).toEqual(['audit-trail', 'enforcement', 'gateway-signature', 'operation-limits']);
  });

  it.each(SUBGRAPH_NAMES.flatMap((name) => required.map((part) => [name, part] as const)))(
    '%s without %s is refused in production, before its database is opened',
    async (name, part) => {
      const parts = defaultSubgraphParts({ leaveOut: [part] });
      await expect(createSubgraphService(subgraphDefinitions[name], { env: PRODUCTION, storage: UNREACHABLE, parts })).rejects.toThrow(
        new RegExp(`^subgraph ${name} cannot run without its .* \\(the ${part} part\\) in production$`),
      );
    },
  );

  it('all of its parts, it gets as far as its database (the control)', async () => {
    await expect(createCasesService({ env: PRODUCTION, storage: UNREACHABLE })).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it('the gateway without its policy filter is refused in production, and starts outside it', async () => {
    const parts = defaultGatewayParts({ leaveOut: ['policy-filter'] });
    await expect(createGatewayService({ env: PRODUCTION, parts })).rejects.toThrow(
      /^the gateway cannot run without its access policy \(the policy-filter part\) in production$/,
    );
    const service = await createGatewayService({ env: { ...process.env, LOG_LEVEL: 'silent' }, parts });
    await service.dispose();
  });

  it('the same part twice is refused anywhere', async () => {
    const parts = defaultSubgraphParts();
    await expect(
      createCasesService({ env: { ...process.env, LOG_LEVEL: 'silent' }, storage: UNREACHABLE, parts: [...parts, parts[0]!] }),
    ).rejects.toThrow(/the same part twice: health/);
  });

  it('a misspelt part to leave out fails, rather than leaving nothing out', () => {
    expect(() => defaultSubgraphParts({ leaveOut: ['audit' as SubgraphPartName] })).toThrow(/no part named audit/);
  });
});

describe('SQL statements per request, for tests', () => {
  let production: SubgraphUnderTest;
  let development: SubgraphUnderTest;
  beforeAll(async () => {
    // Migrated, not seeded: what is asked of them needs no rows.
    [production, development] = await Promise.all([
      startSubgraphForTest(createCasesService, { env: PRODUCTION, seedOnStart: 'never' }),
      startSubgraphForTest(createCasesService, { env: { ...process.env, LOG_LEVEL: 'silent' }, seedOnStart: 'never' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([production?.stop(), development?.stop()]);
  });

  const countOf = (subgraph: ListeningService, requestId: string) =>
    fetch(new URL(`${SQL_STATEMENTS_PATH}?request-id=${requestId}`, subgraph.url));

  it('are counted by request id outside production', async () => {
    // The public directory, unsigned: this subgraph has no secret outside production.
    const response = await graphql(development.url, '{ crisisCellsUnknownField }', { requestId: 'not-a-query' });
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await (await countOf(development, 'not-a-query')).json()).toEqual({ requestId: 'not-a-query', statements: 0 });
    const audited = await graphql(development.url, '{ caseAuditTrail(first: 1) { totalCount } }', { requestId: 'refused-read' });
    expect(audited.data?.caseAuditTrail ?? null).toBeNull();
    // Refused and recorded on the trail: the one write, for this request.
    expect(await (await countOf(development, 'refused-read')).json()).toEqual({
      requestId: 'refused-read',
      statements: AUDIT_WRITE_STATEMENTS,
    });
  });

  it('are not kept, nor readable, in production; /metrics still counts them all', async () => {
    expect((await countOf(production, 'anything')).status).toBe(404);
    const metrics = await (await fetch(new URL('/metrics', production.url))).text();
    expect(metrics).toMatch(/^sql_statements_total\{subgraph="cases"\} [1-9]\d*$/m);
  });
});
