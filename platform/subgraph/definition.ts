import type { EntityManager } from '@mikro-orm/core';
import type { MetricsRuntime } from '#committee-metrics';
import type { Viewer } from '#identity';
import type { RowSources } from '#policy';
import type { SubgraphDatabaseDefinition } from '#storage';
import type { SubgraphContext } from './context.ts';
import type { SubgraphPart } from './part.ts';

/** What a subgraph says about itself; the service is assembled from it and a list of parts (server.ts). */
export interface SubgraphDefinition<TLoaders> {
  name: string;
  /** The port it listens on unless `<NAME>_PORT` says otherwise. */
  port: number;
  /** Its own schema.graphql; the shared common.graphql and policy.graphql are appended. */
  schema: URL;
  database: SubgraphDatabaseDefinition;
  // Typed per subgraph by its generated Resolvers type; the kit only passes them through.
  resolvers: object;
  createLoaders: (em: EntityManager, viewer: Viewer) => TLoaders;
  /** How to find the stored row behind a value of each row-ruled type (see policy/enforcement.ts). */
  rows: RowSources<SubgraphContext<TLoaders>>;
  /**
   * Where a STATED_PURPOSE rule is checked: the subgraph that knows which cases
   * a viewer is assigned to, read at each check. Without it, no stated purpose holds.
   */
  statedPurposeUrl?: (env: NodeJS.ProcessEnv) => string;
  /** Computes and keeps the subgraph's committee figures for a year (its dashboard section), so the first dashboard need not wait. */
  prepareMetrics?: (em: EntityManager, metrics: MetricsRuntime, year: number) => Promise<unknown>;
  /**
   * Parts of its own, added after the list the service is assembled from
   * (the defaults, or a test's or benchmark's): what the subgraph is, not
   * how it is measured, e.g. its events (`events({ handlers, consumers })`, #events).
   */
  parts?: readonly SubgraphPart[];
}
