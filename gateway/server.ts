import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway } from '@apollo/gateway';
import { createErrorFormatter } from '../subgraphs/kit/src/errors.ts';
import { createLogger } from '../subgraphs/kit/src/logger.ts';
import { graphqlPath, subgraphUrl } from '../subgraphs/kit/src/config.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/kit/src/sdl.ts';
import { createGraphQLHttpServer } from '../subgraphs/kit/src/http/graphql-http-server.ts';
import { createViewerVerifier } from '../subgraphs/kit/src/auth/verify-token.ts';
import { tokenSettingsFromEnv } from '../subgraphs/kit/src/auth/token-settings.ts';
import { requestSigningFromEnv } from '../subgraphs/kit/src/auth/request-signature.ts';
import { statedPurpose } from '../subgraphs/kit/src/audit/purpose.ts';
import type { Service } from '../subgraphs/kit/src/service.ts';
import type { GatewayContext } from './context.ts';
import { IdentityForwardingDataSource } from './plugins/forward-identity.ts';
import { policyFilterPlugin, policyModeFromEnv } from './plugins/policy-filter/index.ts';
import { createRefusalRecorder } from './refusal-recorder.ts';
import { createSubgraphFetcher } from './subgraph-client.ts';

export const SUPERGRAPH_PATH = new URL('../schema/supergraph.graphql', import.meta.url);

interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** Subgraph URLs by name; default from the environment (`CASES_URL`, ports, ...). */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /**
   * 'off' plans every operation as sent, without the policy filter: only for
   * measuring what enforcement costs (bench/). Set in code, never from the
   * environment, and refused when NODE_ENV=production.
   */
  enforcement?: 'on' | 'off';
}

/**
 * Apollo Gateway refuses a supergraph that links a feature `for: SECURITY` it
 * does not itself enforce (only Apollo Router enforces `@requiresScopes`).
 * This gateway enforces the agency part itself (plugins/policy-filter reads
 * the directives from the committed supergraph) and the subgraphs own the row
 * part, so Apollo Gateway is handed the same supergraph with that purpose
 * marker removed: the directives stay.
 */
function supergraphForApolloGateway(supergraph: string): string {
  return supergraph.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/requiresScopes\/v[\d.]+"), for: SECURITY\)/, '$1)');
}

/** Builds the gateway (Apollo Gateway on the committed static supergraph), not yet listening. */
export async function createGatewayService(options: GatewayOptions = {}): Promise<Service> {
  const env = options.env ?? process.env;
  const logger = createLogger('gateway', env);
  const enforced = options.enforcement !== 'off';
  if (!enforced && env.NODE_ENV === 'production') throw new Error('the gateway cannot run without its access policy in production');
  if (!enforced) logger.warn('planning WITHOUT the access policy (enforcement off): for measurement only');
  const urlOf = (name: SubgraphName) => options.subgraphUrls?.[name] ?? subgraphUrl(name, env);
  const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  const client = createSubgraphFetcher({ signingSecret: requestSigningFromEnv(env)?.secret });

  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    buildService: ({ name }) => new IdentityForwardingDataSource({ url: urlOf(name as SubgraphName), fetcher: client.fetcher }),
    logger,
  });
  const verifyViewer = createViewerVerifier(tokenSettingsFromEnv(env, logger));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    // The service's own lifecycle (service.ts) drains HTTP and stops Apollo on a signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageLocalDefault({
        embed: { initialState: { sharedHeaders: { Authorization: 'Bearer <paste a token from `npm run token`>' } } },
        includeCookies: false,
      }),
      ...(enforced
        ? [
            policyFilterPlugin({
              mode: policyModeFromEnv(env),
              supergraphSdl,
              logger,
              recordRefusals: createRefusalRecorder({ supergraphSdl, urlOf, fetcher: client.fetcher, logger }),
            }),
          ]
        : []),
    ],
  });
  await apollo.start();

  const httpServer = createGraphQLHttpServer<GatewayContext>({
    apollo,
    path: graphqlPath(env),
    logger,
    corsOrigin: env.CORS_ORIGIN ?? '*',
    allowGet: true,
    ready: async () => {
      const answers = await Promise.all(
        SUBGRAPH_NAMES.map(async (name) => {
          const response = await fetch(new URL('/ready', urlOf(name)), { signal: AbortSignal.timeout(2_000) });
          return response.ok;
        }),
      );
      return answers.every(Boolean);
    },
    context: async ({ headers, requestId }) => ({ viewer: await verifyViewer(headers.authorization), requestId, purpose: statedPurpose(headers) }),
  });

  return {
    name: 'gateway',
    httpServer,
    logger,
    async dispose() {
      await apollo.stop();
      await client.close();
    },
  };
}
