export { envKeyOf, graphqlPath, intFromEnv, serviceHost, servicePort, serviceUrl } from './config.ts';
export { AppError, BadUserInputError, createErrorFormatter, ErrorCode, UnauthenticatedError } from './errors.ts';
export { createGraphQLHttpServer, type IncomingRequest, type PlainResponse } from './graphql-http-server.ts';
export { listen, type ListeningService, type Service, stopOnSignals } from './lifecycle.ts';
export { createLogger, type Logger } from './logger.ts';
