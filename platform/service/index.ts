export {
  envKeyOf,
  graphqlPath,
  intFromEnv,
  serviceHost,
  servicePort,
  serviceUrl,
  TRUSTED_DOCUMENTS_MODES,
  type TrustedDocumentsMode,
  trustedDocumentsMode,
} from './config.ts';
export {
  AppError,
  BadUserInputError,
  createErrorFormatter,
  ErrorCode,
  type PublicExtensions,
  StartupRefusal,
  subgraphRefusal,
  UnauthenticatedError,
} from './errors.ts';
export { createGraphQLHttpServer, type IncomingRequest, type PlainResponse, type Route } from './graphql-http-server.ts';
export { listen, type ListeningService, type Service, stopOnSignals } from './lifecycle.ts';
export { createLogger, type Logger } from './logger.ts';
export { withCompileCache } from './compile-cache.ts';
export { healthChecks, type HealthChecksOptions, type Readiness } from './health-checks.ts';
export { checkParts, leavingOut, type Part, type ServiceAdditions, type ServiceSetup } from './part.ts';
export {
  DEFAULT_AGENCY_COST_CEILINGS,
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  operationLimits,
  plannedOperationLimits,
  type OperationLimitsOptions,
  refusedByOperationLimits,
} from './operation-limits.ts';
export {
  DEFAULT_LIST_SIZE,
  type ListSizeDirective,
  OperationCostError,
  operationCost,
  type OperationCostOptions,
  unsizedListFields,
} from './operation-cost.ts';
export {
  PRODUCTION_SETTINGS,
  type ProductionSetting,
  refuseUnsafeProductionSettings,
  unsafeProductionSettings,
} from './production-settings.ts';
export { prometheusMetrics, type PrometheusMetricsOptions, requestsServed, type RequestsServedOptions } from './prometheus.ts';
