export type { RequestContext, SubgraphContext } from './context.ts';
export type { SubgraphDefinition } from './definition.ts';
export type { SubgraphAdditions, SubgraphPart, SubgraphSetup } from './part.ts';
export {
  auditTrail,
  type AuditTrailContext,
  type AuditTrailOptions,
  committeeFigures,
  type CommitteeFiguresContext,
  type CommitteeFiguresOptions,
  defaultSubgraphParts,
  type EnforcedContext,
  enforcement,
  type EnforcementPartOptions,
  gatewaySignature,
  type GatewaySignatureOptions,
  REQUIRED_SUBGRAPH_PARTS,
  type RequestStatements,
  type RowScopeContext,
  SQL_STATEMENTS_PATH,
  sqlMetrics,
  type SqlMetricsOptions,
  SUBGRAPH_PART_NAMES,
  type SubgraphPartName,
} from './parts/index.ts';
export { runSubgraph } from './run.ts';
export { createSubgraphService, type SubgraphService, type SubgraphServiceOptions } from './server.ts';
export { subgraphSdl, subgraphTypeDefs } from './sdl.ts';
