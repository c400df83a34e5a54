import { dashboardEntityResolvers } from '#committee-metrics';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { courtMetrics } from '../metrics.ts';

/** The cases subgraph serves the dashboard; this subgraph answers its section from the id, with its own k. */
export const CommitteeDashboard: CommitteeDashboardResolvers = {
  ...dashboardEntityResolvers,
  courts: (query, _, { em, metrics }) => courtMetrics(em, metrics, query),
};
