import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import { graphql } from '#test-kit';
import { tokenFor } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

const DIRECTORY = '{ crisisCells(first: 3) { totalCount edges { node { name city } } } }';
const forged = () =>
  new SignJWT({ agency: 'NPB', scope: 'agency:NPB', roles: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('intruder')
    .setIssuer('urn:anti-rape-act:dev-issuer')
    .setAudience('urn:anti-rape-act:graph')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('not-the-secret-of-this-deployment-0123456789'));

describe('identity', () => {
  it('serves the public crisis-cell directory to a caller without a token', async () => {
    const { status, data, errors } = await graphql(gatewayUrl, DIRECTORY);
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.crisisCells.edges).toHaveLength(3);
  });

  it('accepts a valid token at the gateway', async () => {
    const token = await tokenFor({ agency: 'NPB', sub: 'npb-clerk' });
    const { status, errors } = await graphql(gatewayUrl, DIRECTORY, { token });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
  });

  const endpoints: [string, string][] = [
    ['the gateway', gatewayUrl],
    ...Object.entries(subgraphUrls).map(([name, url]): [string, string] => [`subgraph ${name}`, url]),
  ];
  it.each(endpoints)('refuses a forged token at %s with UNAUTHENTICATED and no data', async (_where, url) => {
    const response = await graphql(url, '{ __typename }', { token: await forged() });
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Authentication required'),
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ]);
  });
});

describe('errors reveal nothing internal', () => {
  let orphan: ListeningService;
  beforeAll(async () => {
    // A gateway whose subgraphs are unreachable: the failure must not name hosts or ports.
    const dead = 'http://127.0.0.1:9/graphql';
    orphan = await listen(
      await createGatewayService({ subgraphUrls: { cases: dead, offenders: dead, courts: dead, 'crisis-cells': dead } }),
      0,
      '127.0.0.1',
      '/graphql',
    );
  });
  afterAll(() => orphan?.stop());

  it('masks a subgraph connection failure: its code and the subgraph, nothing of where it runs', async () => {
    const response = await graphql(orphan.url, DIRECTORY);
    expect(response.errors?.length).toBeGreaterThan(0);
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/127\.0\.0\.1|:9\b|ECONNREFUSED|fetch failed|stack/i);
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'SUBREQUEST_HTTP_ERROR', service: 'crisis-cells' });
  });
});
