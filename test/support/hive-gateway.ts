import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway';
import { SUPERGRAPH_PATH } from '../../gateway/server.ts';
import { PURPOSE_HEADER } from '../../subgraphs/kit/src/audit/purpose.ts';
import { subgraphUrl } from '../../subgraphs/kit/src/config.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/kit/src/sdl.ts';

export interface RunningHiveGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * Hive Gateway, the peer router, on the committed supergraph pointed at a
 * test stack's subgraphs, forwarding the caller's token and stated purpose.
 * Extra options (its auth plugin, say) are passed through.
 */
export async function startHiveGateway(
  subgraphUrls: Record<SubgraphName, string>,
  options: Omit<Partial<GatewayConfigSupergraph>, 'supergraph'> = {},
): Promise<RunningHiveGateway> {
  let supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');
  for (const name of SUBGRAPH_NAMES) supergraph = supergraph.replaceAll(`"${subgraphUrl(name, {})}"`, `"${subgraphUrls[name]}"`);
  const hive = createGatewayRuntime({
    supergraph,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization') ?? '',
        [PURPOSE_HEADER]: request.headers.get(PURPOSE_HEADER) ?? '',
      }),
    },
    ...options,
  });
  const server = createServer(hive);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await hive.dispose();
    },
  };
}
