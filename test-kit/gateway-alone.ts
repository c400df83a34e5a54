import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';

/**
 * The settings a gateway or subgraph accepts as production: an identity
 * provider's key set (at an address never reached: production tokens are not
 * minted in tests), a request-signing secret and the front-ends' origin.
 */
export function productionEnv(signingSecret = 'production-test-secret-of-at-least-32-bytes'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    SUBGRAPH_HMAC_SECRET: signingSecret,
    CORS_ORIGIN: 'https://front-end.invalid',
  };
}

/** A gateway of its own on a free port, with settings the project's shared one lacks, in front of the given subgraphs. */
export async function startGateway(env: NodeJS.ProcessEnv, subgraphUrls: Record<string, string>): Promise<ListeningService> {
  return listen(await createGatewayService({ env, subgraphUrls }), 0, '127.0.0.1', '/graphql');
}
