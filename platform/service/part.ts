import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import type { Route } from './graphql-http-server.ts';
import type { Readiness } from './health-checks.ts';
import type { Logger } from './logger.ts';

/**
 * A process of the graph (the gateway, each subgraph) is assembled from named
 * parts, the way Hive Gateway is from its plugins (`useJWT`,
 * `useHmacUpstreamSignature`, ...): each cross-cutting concern is a factory
 * in a file of its own, taking one documented options type, that returns a
 * part. `setup` builds the part for one service and holds whatever state it
 * keeps, so one part may be handed to several services (a test stack's four
 * subgraphs). A deployment that does without a concern (a benchmark's
 * baseline) leaves its part out of the list; production refuses to start
 * without the parts it cannot do without ({@link checkParts}).
 */
export interface Part<TSetup, TAdditions> {
  /** What lists of parts are checked against: the parts production requires, the parts a benchmark leaves out. */
  readonly name: string;
  /** Builds the part for one service, once, before the service answers anything. */
  setup(service: TSetup): TAdditions | Promise<TAdditions>;
}

/** What every service gives each of its parts. */
export interface ServiceSetup {
  /** The service's name: `gateway`, or the subgraph's. */
  name: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The service's own Prometheus registry, which /metrics serves: one per service, as tests run several in one process. */
  registry: Registry;
  /** Whether the service can answer now: its database reachable, or (the gateway) every subgraph ready, each named with its state. */
  ready(): Promise<boolean | Readiness>;
}

/** What a part may add to any service. */
export interface ServiceAdditions<TContext extends BaseContext = BaseContext> {
  /** Plain endpoints beside GraphQL. */
  routes?: readonly Route[];
  plugins?: readonly ApolloServerPlugin<TContext>[];
  /** Validation rules run with graphql-js's own on every document not validated before (Apollo Server caches validated documents). */
  validationRules?: readonly ValidationRule[];
  /** Releases what the part holds, once the HTTP server has drained. */
  stop?(): Promise<void>;
}

/**
 * Refuses a list of parts with the same name twice, and, when NODE_ENV is
 * production, a list without one of the parts production requires
 * (`required`: each part's name, and what the service would be without it).
 */
export function checkParts(
  service: string,
  parts: readonly { name: string }[],
  required: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): void {
  const names = parts.map((part) => part.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`${service} was given the same part twice: ${[...new Set(twice)].join(', ')}`);
  if (env.NODE_ENV !== 'production') return;
  const missing = Object.keys(required).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `${service} cannot run without its ${missing.map((name) => `${required[name]} (the ${name} part)`).join(' and ')} in production`,
    );
  }
}

/** `parts` without those named, each of which must be among them (a misspelt name fails rather than leaving nothing out). */
export function leavingOut<TPart extends { name: string }>(parts: readonly TPart[], names: readonly string[]): TPart[] {
  const unknown = names.filter((name) => !parts.some((part) => part.name === name));
  if (unknown.length > 0)
    throw new Error(`no part named ${unknown.join(', ')} to leave out (the parts: ${parts.map((part) => part.name).join(', ')})`);
  return parts.filter((part) => !names.includes(part.name));
}
