export {
  coordinatesAlong,
  fieldsOfType,
  graphShape,
  leavesOf,
  objectsAt,
  selectionOf,
  type Target,
  UNAUTHORIZED,
  verdictFor,
} from './access-probe.ts';
export { anchorWorld, type Caller, callerFor, outsideRows } from './access-world.ts';
export { agencyWorkloads, type Workload, WORKLOAD_NAMES, type WorkloadRequest } from './agency-workloads.ts';
export { CASE_ACROSS_AGENCIES, caseAcrossAgencies, investigatorOf } from './cross-agency-query.ts';
export { freePorts } from './free-ports.ts';
export { graphql, type GraphQLResponse } from './graphql-client.ts';
export { requiresScopesAuth, type RunningHiveGateway, startHiveGateway } from './hive-gateway.ts';
export { isolatedStorage, type IsolatedStorage, sqlOnServer } from './isolated-storage.ts';
export { loadMetricsFixture } from './metrics-fixture.ts';
export { type SqlStatements, sqlStatementsDuring, sqlStatementsOf, sqlStatementTotals } from './metrics.ts';
export { type RunningStack, startStack } from './stack.ts';
export { startSubgraphForTest, type SubgraphUnderTest } from './subgraph-under-test.ts';
export { tokenFor } from './tokens.ts';
export { seededCases } from './world.ts';
