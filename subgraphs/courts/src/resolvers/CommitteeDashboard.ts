import { resolveDashboardReference } from '../../../kit/src/metrics/dashboard.ts';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { courtMetrics } from '../metrics.ts';

export const CommitteeDashboard: CommitteeDashboardResolvers = {
  __resolveReference: resolveDashboardReference,
  courts: (query, _, { em, metrics }) => courtMetrics(em, metrics, query),
};
