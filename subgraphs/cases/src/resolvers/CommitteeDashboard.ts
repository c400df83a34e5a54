import { dashboardFields, resolveDashboardReference } from '../../../kit/src/metrics/dashboard.ts';
import type { CommitteeDashboardResolvers } from '../generated/resolvers-types.ts';
import { attritionFunnel, caseMetrics } from '../metrics.ts';

export const CommitteeDashboard: CommitteeDashboardResolvers = {
  // The gateway never needs this (the dashboard starts here), but a representation is answered as the root field would.
  __resolveReference: resolveDashboardReference,
  id: (query) => dashboardFields(query).id,
  period: (query) => dashboardFields(query).period,
  province: (query) => query.place.province,
  district: (query) => query.place.district,
  granularity: (query) => query.granularity,
  smallCountThreshold: (query) => query.k,
  cases: (query, _, { em, metrics }) => caseMetrics(em, metrics, query),
  attritionFunnel: (query, _, { em, metrics }) => attritionFunnel(em, metrics, query),
};
