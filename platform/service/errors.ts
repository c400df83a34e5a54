import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from './logger.ts';

/**
 * Every error code a client can see. Nothing else invents codes: an error
 * without one of these is internal and reaches the client masked.
 */
export const ErrorCode = {
  // Apollo Server's own (parse, validation, bad input, ...).
  ...ApolloServerErrorCode,
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAUTHORIZED_FIELD_OR_TYPE: 'UNAUTHORIZED_FIELD_OR_TYPE',
  /** An `Idempotency-Key` already used by this caller for another operation or input (DESIGN section 7). */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** An `Idempotency-Key` whose first request is still running: retry later. */
  IDEMPOTENCY_KEY_IN_USE: 'IDEMPOTENCY_KEY_IN_USE',
  /** Apollo Router's: an operation id that no registered manifest holds (TRUSTED_DOCUMENTS=enforce). */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** Apollo Router's: an operation sent as text that is not a registered one (TRUSTED_DOCUMENTS=enforce). */
  QUERY_NOT_IN_SAFELIST: 'QUERY_NOT_IN_SAFELIST',
  /**
   * A subgraph could not be reached, or answered no GraphQL response: its part
   * of the answer is missing (null), the rest arrives; `extensions.service`
   * names it. Apollo Router's code for the same.
   */
  SUBREQUEST_HTTP_ERROR: 'SUBREQUEST_HTTP_ERROR',
  /** A subgraph did not answer within its timeout (as SUBREQUEST_HTTP_ERROR otherwise). Apollo Router's code for the same. */
  GATEWAY_TIMEOUT: 'GATEWAY_TIMEOUT',
  /** The caller, or its agency, spent its budget of requests (HTTP 429 with `Retry-After`): retry after that many seconds. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));

/** Base for errors we raise on purpose: sets `extensions.code` and, where it matters, the HTTP status. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, httpStatus?: number, extensions?: PublicExtensions) {
    super(message, { extensions: { code, ...extensions, ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
  }
}

/** What an error of ours may tell a client besides its code: the subgraph it is about (Apollo Router's `service`). */
export interface PublicExtensions {
  service?: string;
}

export class BadUserInputError extends AppError {
  constructor(message: string) {
    super(ErrorCode.BAD_USER_INPUT, message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required: the token is missing, expired or invalid.') {
    super(ErrorCode.UNAUTHENTICATED, message, 401);
  }
}

const INTERNAL_MESSAGE = 'Internal server error';
/**
 * graphql-js's suggestions ("Did you mean "caseByReference"?", "Did you mean
 * the enum value "OPEN"?"): they map the schema without introspection, so no
 * message carries one, in any mode (graphql-armor's mask misses the second form).
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');
const CONTEXT_PREFIX = /^Context creation failed: /;

/**
 * Apollo Server `formatError`: passes through errors raised on purpose (ours,
 * and GraphQL's own parse, validation and input errors, each with a public
 * code), masks everything else so no stack trace, SQL or host name reaches a
 * client, and logs what it masked.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const publicCode = typeof code === 'string' && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
    const deliberate =
      original instanceof AppError ||
      (original instanceof GraphQLError && !(original.originalError && !(original.originalError instanceof GraphQLError)) && publicCode) ||
      // At the gateway: a subgraph's error (its JSON is the original error), already formatted and masked by the subgraph's own formatter;
      // a field's error is unwrapped to that JSON, a request's own (no path, such as IDEMPOTENCY_KEY_REUSED) carries it as its originalError.
      (error instanceof GraphQLError &&
        typeof error.extensions.serviceName === 'string' &&
        !((original === error ? error.originalError : original) instanceof Error) &&
        publicCode);
    if (deliberate) {
      // Apollo Server prefixes errors thrown while building the context (a malformed header, say); the caller needs only ours.
      const message = withoutSuggestions(formatted.message.replace(CONTEXT_PREFIX, ''));
      const service = original instanceof AppError ? original.extensions.service : undefined;
      const extensions = typeof service === 'string' ? { code, service } : { code };
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'masked internal error');
    return {
      message: INTERNAL_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * A process that must not start, for a reason its operator can act on (a
 * setting that is not one, a data directory another process owns): said in
 * one line, `<process>: <message>`, and exit 1, never a stack trace.
 */
export class StartupRefusal extends Error {}
