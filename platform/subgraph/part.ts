import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { RequestSigningSettings, ViewerFromAuthorization } from '#identity';
import type { IncomingRequest, Part, ServiceAdditions, ServiceSetup } from '#service';
import type { SubgraphDatabase } from '#storage';
import type { RequestContext, SubgraphContext } from './context.ts';
import type { SubgraphDefinition } from './definition.ts';

/** What a subgraph gives each of its parts (see `Part` in #service): the service's own, and the subgraph's. */
export interface SubgraphSetup extends ServiceSetup {
  definition: SubgraphDefinition<unknown>;
  /** Open, migrated (and seeded, if asked). */
  database: SubgraphDatabase;
  /** The SDL served, with its policy directives. */
  typeDefs: DocumentNode;
  /** The executable schema, unguarded: the enforcement part serves a guarded one in its place. */
  schema: GraphQLSchema;
  /** SUBGRAPH_HMAC_SECRET's settings, when one is configured (production requires one). */
  signing?: RequestSigningSettings;
  verifyViewer: ViewerFromAuthorization;
}

/** What a part may add to a subgraph, besides routes, Apollo plugins and a stop. */
export interface SubgraphAdditions extends ServiceAdditions<SubgraphContext<unknown>> {
  /** The schema to serve in place of the unguarded one; one part at most. */
  schema?: GraphQLSchema;
  /**
   * Refuses a request before anything else is done with it, by throwing
   * UnauthenticatedError: every GraphQL request, and every POST route
   * (which answers 401).
   */
  admit?(request: IncomingRequest): void;
  /** What the part adds to each request's context, an interface of its own, from what the request's context holds already. */
  context?(request: RequestContext<unknown>): object;
  /** Runs the handling of each request inside: for what must follow the request through its async work (its SQL statements). */
  around?(request: { requestId: string }, handle: () => Promise<void>): Promise<void>;
  /** Once the service is built (Apollo started): background work begins here, and ends with `stop`. */
  start?(): void;
}

export type SubgraphPart = Part<SubgraphSetup, SubgraphAdditions>;
