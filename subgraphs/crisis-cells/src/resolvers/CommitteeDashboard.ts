import { dashboardId, parseDashboardId } from '../../../kit/src/metrics/dashboard.ts';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { crisisCellMetrics } from '../metrics.ts';

/** The cases subgraph serves the dashboard; this subgraph answers its crisis-cell section from the id, with its own k. */
export const CommitteeDashboard: CommitteeDashboardResolvers = {
  __resolveReference: ({ id }, { metrics }) => parseDashboardId(id, metrics.settings.k),
  id: (query) => dashboardId(query),
  crisisCells: (query, _, { em, metrics }) => crisisCellMetrics(em, metrics, query),
};
