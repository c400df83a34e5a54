import type { Part, ServiceAdditions, ServiceSetup } from './part.ts';

/**
 * What a readiness check found, when it has more to say than yes or no: for
 * the gateway, each subgraph's state, so `/ready` names the one that is down.
 */
export interface Readiness {
  ready: boolean;
  /** Added to `/ready`'s answer, e.g. `{ subgraphs: { courts: 'unreachable', ... } }`. Nothing secret: no host, no port. */
  details?: Record<string, unknown>;
}

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
 * gateway's subgraphs ready, each named with its state); a check that fails
 * or throws is "not ready".
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
            const found = await ready().catch(() => false);
            const { ready: isReady, details } = typeof found === 'boolean' ? { ready: found, details: undefined } : found;
            return { status: isReady ? 200 : 503, body: { status: isReady ? 'ready' : 'not ready', ...details } };
          },
        },
      ],
    }),
  };
}
