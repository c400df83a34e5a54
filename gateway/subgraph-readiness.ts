import type { Readiness } from '#service';

/** How long `/ready` waits for each subgraph's own `/ready`, ms. */
const READY_TIMEOUT_MS = 2_000;

/** Each subgraph's state as the gateway's `/ready` reports it. */
export type SubgraphState = 'ready' | 'not ready' | 'unreachable' | 'timed out';

/**
 * The gateway's readiness: every subgraph's own `/ready`, asked at once, and
 * each one's state by name, so an operator sees which is down
 * (`{ subgraphs: { courts: 'unreachable', ... } }`): `not ready` when it
 * answers but is not (its database down), `unreachable` when nothing
 * answers, `timed out` when it does not answer within 2 s.
 */
export function subgraphsReadiness(names: readonly string[], urlOf: (name: string) => string): () => Promise<Readiness> {
  return async () => {
    const states = await Promise.all(names.map(async (name): Promise<[string, SubgraphState]> => [name, await stateOf(urlOf(name))]));
    return { ready: states.every(([, state]) => state === 'ready'), details: { subgraphs: Object.fromEntries(states) } };
  };
}

async function stateOf(url: string): Promise<SubgraphState> {
  const deadline = AbortSignal.timeout(READY_TIMEOUT_MS);
  try {
    const response = await fetch(new URL('/ready', url), { signal: deadline });
    await response.body?.cancel();
    return response.ok ? 'ready' : 'not ready';
  } catch {
    return deadline.aborted ? 'timed out' : 'unreachable';
  }
}
