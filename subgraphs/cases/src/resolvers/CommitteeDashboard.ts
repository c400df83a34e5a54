import { dashboardEntityResolvers } from '#committee-metrics';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { attritionFunnel, caseMetrics } from '../metrics.ts';

export const CommitteeDashboard: CommitteeDashboardResolvers = {
  // The gateway never needs the reference (the dashboard starts here), but a representation is answered as the root field would.
  ...dashboardEntityResolvers,
  period: ({ period }) => ({ label: period.label, from: period.from, to: period.to }),
  province: (query) => query.place.province,
  district: (query) => query.place.district,
  granularity: (query) => query.granularity,
  smallCountThreshold: (query) => query.k,
  cases: (query, _, { em, metrics }) => caseMetrics(em, metrics, query),
  attritionFunnel: (query, _, { em, metrics }) => attritionFunnel(em, metrics, query),
};
