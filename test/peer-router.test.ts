import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUPERGRAPH_PATH } from '../gateway/server.ts';
import { subgraphUrl } from '../subgraphs/kit/src/config.ts';
import { SUBGRAPH_NAMES } from '../subgraphs/kit/src/sdl.ts';
import { CASE_ACROSS_AGENCIES, caseAcrossAgencies } from './support/cross-agency-query.ts';
import { graphql } from './support/graphql-client.ts';
import { tokenFor } from './support/tokens.ts';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

/** The committed supergraph, pointed at this test stack's subgraphs instead of the default ports. */
function supergraphForTestStack(): string {
  let sdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  for (const name of SUBGRAPH_NAMES) sdl = sdl.replaceAll(`"${subgraphUrl(name, {})}"`, `"${subgraphUrls[name]}"`);
  return sdl;
}

describe('the supergraph is standard Federation 2', () => {
  let hive: ReturnType<typeof createGatewayRuntime>;
  let server: Server;
  let hiveUrl: string;

  beforeAll(async () => {
    hive = createGatewayRuntime({
      supergraph: supergraphForTestStack(),
      logging: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
      },
    });
    server = createServer(hive);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hiveUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await hive?.dispose();
  });

  it('gives Hive Gateway the same answer to the cross-agency query as the product gateway', async () => {
    const token = await tokenFor({ agency: 'SSOIU', province: 'PUNJAB', sub: 'officer-test' });
    const variables = { id: caseAcrossAgencies().id };
    const viaApollo = await graphql(gatewayUrl, CASE_ACROSS_AGENCIES, { variables, token });
    const viaHive = await graphql(hiveUrl, CASE_ACROSS_AGENCIES, { variables, token });
    expect(viaApollo.errors).toBeUndefined();
    expect(viaHive.errors).toBeUndefined();
    expect(viaHive.data).toEqual(viaApollo.data);
    expect(viaHive.data.case.trial.verdict.convictions.length).toBeGreaterThan(0);
  });
});
