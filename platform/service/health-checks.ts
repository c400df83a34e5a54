import type { Part, ServiceAdditions, ServiceSetup } from './part.ts';

/** Options of {@link healthChecks}. */
export interface HealthChecksOptions {
  /** Liveness: answers 200 while the process runs. Default `/health`. */
  healthPath?: string;
  /** Readiness: 200 when the service can answer (its `ready()`), else 503. Default `/ready`. */
  readyPath?: string;
}

/**
 * `GET /health` and `GET /ready` (DESIGN section 6), open to anyone: what
 * "ready" means is the service's own (a subgraph's database reachable, the
 * gateway's subgraphs ready); a check that fails or throws is "not ready".
 */
export function healthChecks(options: HealthChecksOptions = {}): Part<ServiceSetup, ServiceAdditions> {
  const { healthPath = '/health', readyPath = '/ready' } = options;
  return {
    name: 'health',
    setup: ({ ready }) => ({
      routes: [
        { method: 'GET', path: healthPath, handle: async () => ({ status: 200, body: { status: 'ok' } }) },
        {
          method: 'GET',
          path: readyPath,
          handle: async () => {
            const isReady = await ready().catch(() => false);
            return { status: isReady ? 200 : 503, body: { status: isReady ? 'ready' : 'not ready' } };
          },
        },
      ],
    }),
  };
}
