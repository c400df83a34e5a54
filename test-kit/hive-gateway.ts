import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime, type GatewayConfigSupergraph } from '@graphql-hive/gateway';
import { SUPERGRAPH_PATH } from '../gateway/supergraph.ts';
import { PURPOSE_HEADER } from '#identity';
import { createViewerVerifier } from '#identity';
import { tokenSettingsFromEnv } from '#identity';
import type { Viewer } from '#identity';
import { SUBGRAPH_NAMES, type SubgraphName, subgraphUrl } from '../subgraphs/index.ts';

export interface RunningHiveGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * Hive Gateway's enforcement of Federation's `@requiresScopes`, on the same
 * rules our gateway reads: its generic auth plugin in protect-granular mode,
 * the caller's scopes from the kit's own token verifier (no header is the
 * PUBLIC viewer, scope `agency:PUBLIC`; a bad token fails the request), and
 * refused fields taken out and answered null with an error while the rest is
 * answered, as our gateway does, instead of refusing the operation.
 */
export function requiresScopesAuth(env: NodeJS.ProcessEnv = process.env): NonNullable<GatewayConfigSupergraph['genericAuth']> {
  const viewerFrom = createViewerVerifier(tokenSettingsFromEnv(env));
  return {
    mode: 'protect-granular',
    resolveUserFn: ({ request }) => viewerFrom(request.headers.get('authorization')),
    extractScopes: (viewer) => [...(viewer as Viewer).scopes],
    rejectUnauthenticated: false,
  };
}

/**
 * Hive Gateway, the peer router, on the committed supergraph pointed at a
 * test stack's subgraphs, forwarding the caller's token and stated purpose.
 * Extra options (its auth plugin, say) are passed through; it listens on a
 * free port of 127.0.0.1 unless told where.
 */
export async function startHiveGateway(
  subgraphUrls: Record<SubgraphName, string>,
  options: Omit<Partial<GatewayConfigSupergraph>, 'supergraph'> = {},
  listenOn: { port?: number; host?: string } = {},
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
  const host = listenOn.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(listenOn.port ?? 0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await hive.dispose();
    },
  };
}
