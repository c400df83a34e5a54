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
export { apiSchema } from './api-schema.ts';
export { agencyWorkloads, bodyOf, groupsOf, type Workload, WORKLOAD_NAMES, type WorkloadRequest } from './agency-workloads.ts';
export { CASE_ACROSS_AGENCIES, caseAcrossAgencies, investigatorOf } from './cross-agency-query.ts';
export { copyOfWorld, type CopyOptions, type DatabaseCopy, type World } from './database-templates.ts';
export { type OfflineBrowser, offlineBrowser, saveScreenshot } from './browser.ts';
export { eventually } from './eventually.ts';
export { freePorts } from './free-ports.ts';
export { productionEnv, startGateway } from './gateway-alone.ts';
export { graphql, type GraphQLResponse, postGraphQL } from './graphql-client.ts';
export { type FuzzRequest, garbageArbitrary, operationArbitrary, type ValuePools } from './operation-arbitraries.ts';
export { requiresScopesAuth, type RunningHiveGateway, startHiveGateway } from './hive-gateway.ts';
export { isolatedStorage, type IsolatedStorage } from './isolated-storage.ts';
export { loadMetricsFixture } from './metrics-fixture.ts';
export { metricSum, type SqlStatements, sqlStatementsDuring, sqlStatementsOf, sqlStatementTotals } from './metrics.ts';
export { NATS_SERVER_BINARY, natsServerMissing, type PrivateNatsServer, startPrivateNatsServer } from './nats-server.ts';
export { ownEventStream, type OwnEventStream } from './event-stream.ts';
export { type ProcessStackOptions, type RunningProcessStack, startProcessStack } from './process-stack.ts';
export { createDatabaseIfMissing, sqlOnServer } from './sql-on-server.ts';
export { type SqlSession, sqlSession } from './sql-session.ts';
export { GENEROUS_RATE_LIMITS } from './rate-limits.ts';
export { type RunningStack, startStack } from './stack.ts';
export { type SubgraphProcess, type SubgraphProcessOptions, startSubgraphProcess } from './subgraph-process.ts';
export { type ProxyDirection, startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { startSubgraphForTest, type SubgraphTestOptions, type SubgraphUnderTest } from './subgraph-under-test.ts';
export { tokenFor } from './tokens.ts';
export { convictingVerdict, seededCases, seededTrialsToDecide, type TrialToDecide } from './world.ts';
export { fullReads, type PlanNode, planOf } from './query-plans.ts';
