import { dashboardEntityResolvers } from '#committee-metrics';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { registerMetrics } from '../metrics.ts';

/** The cases subgraph serves the dashboard; this subgraph answers its section from the id, with its own k. */
export const CommitteeDashboard: CommitteeDashboardResolvers = {
  ...dashboardEntityResolvers,
  register: (query, _, { em, metrics }) => registerMetrics(em, metrics, query),
};
