import { resolveDashboardReference } from '../../../kit/src/metrics/dashboard.ts';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { registerMetrics } from '../metrics.ts';

export const CommitteeDashboard: CommitteeDashboardResolvers = {
  __resolveReference: resolveDashboardReference,
  register: (query, _, { em, metrics }) => registerMetrics(em, metrics, query),
};
