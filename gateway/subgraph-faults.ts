/**
 * A subgraph that is slow or down (issue 14, item 5): each subgraph request
 * has a deadline, and a subgraph that cannot be reached, answers no GraphQL
 * response or misses its deadline is reported to the client as Apollo Router
 * reports it, `SUBREQUEST_HTTP_ERROR` or `GATEWAY_TIMEOUT` with the
 * subgraph's name in `extensions.service`, while the rest of the answer
 * arrives (Apollo Gateway leaves that fetch's fields null). What went wrong
 * is said in words of our own: no host, port, stack or body of the failure
 * reaches the client; the log has it all.
 */
import { AppError, envKeyOf, ErrorCode, type Logger } from '#service';
import { IdentityForwardingDataSource } from './plugins/forward-identity.ts';

/** How long the gateway waits for a subgraph's whole answer by default, ms: Apollo Router's default. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 30_000;

/** A subgraph's deadline: `<NAME>_TIMEOUT_MS` (e.g. `COURTS_TIMEOUT_MS`), else `SUBGRAPH_TIMEOUT_MS`, else 30 s. */
export function subgraphTimeoutMs(name: string, env: NodeJS.ProcessEnv): number {
  for (const variable of [`${envKeyOf(name)}_TIMEOUT_MS`, 'SUBGRAPH_TIMEOUT_MS']) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 1) throw new Error(`${variable} must be a whole number of milliseconds, at least 1; got "${value}"`);
    return ms;
  }
  return DEFAULT_SUBGRAPH_TIMEOUT_MS;
}

/** A subgraph's part of an answer is missing: why, in words a client may read. */
export class SubgraphFault extends AppError {
  readonly service: string;
  readonly reason: string;

  constructor(service: string, reason: string, code: typeof ErrorCode.SUBREQUEST_HTTP_ERROR | typeof ErrorCode.GATEWAY_TIMEOUT) {
    super(code, `The ${service} subgraph ${reason}: its part of the answer is missing.`, undefined, { service });
    this.service = service;
    this.reason = reason;
  }
}

/** Where a request's deadline passed: the subgraph did not answer in time. */
class DeadlinePassed extends Error {}

/** The fault a failed subgraph request stands for, from what failed: the request itself, or the answer (`status`, when one came). */
export function subgraphFault(service: string, error: unknown, timeoutMs: number, status?: number): SubgraphFault {
  if (error instanceof DeadlinePassed || TIMEOUT_CODES.has(errorCode(error)))
    return new SubgraphFault(service, `did not answer within ${timeoutMs} ms`, ErrorCode.GATEWAY_TIMEOUT);
  if (status !== undefined && (status < 200 || status > 299))
    return new SubgraphFault(service, `answered HTTP ${status}`, ErrorCode.SUBREQUEST_HTTP_ERROR);
  if (status !== undefined) return new SubgraphFault(service, 'answered with no GraphQL response', ErrorCode.SUBREQUEST_HTTP_ERROR);
  return new SubgraphFault(service, `could not be reached (${unreachableReason(error)})`, ErrorCode.SUBREQUEST_HTTP_ERROR);
}

/** Why a subgraph could not be reached, in a few words that name no host or port. */
export function unreachableReason(error: unknown): string {
  return REASONS[errorCode(error)] ?? 'the request failed';
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CLOSED: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
/** undici's own limits on a connection (headers, body), which a deadline longer than them meets first. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** The system or undici code of an error, or of its cause (global fetch wraps it). */
function errorCode(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 3; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

/** Options of {@link SubgraphDataSource}. */
export interface SubgraphDataSourceOptions {
  /** The subgraph's name, as composed: what a client is told. */
  name: string;
  url: string;
  /** The gateway's client to its subgraphs (subgraph-client.ts). */
  fetcher: IdentityForwardingDataSource['fetcher'];
  /** The whole request's deadline, ms ({@link subgraphTimeoutMs}). */
  timeoutMs: number;
  logger: Logger;
}

/**
 * The gateway's data source for one subgraph: the caller's identity forwarded
 * (forward-identity.ts), each request given the subgraph's deadline, and a
 * failure to reach it or a non-GraphQL answer turned into a
 * {@link SubgraphFault}. A subgraph's own 401 and 403 keep Apollo Gateway's
 * `UNAUTHENTICATED` and `FORBIDDEN`.
 */
export class SubgraphDataSource extends IdentityForwardingDataSource {
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;

  constructor({ name, url, fetcher, timeoutMs, logger }: SubgraphDataSourceOptions) {
    super({
      url,
      fetcher: async (input, init) => {
        const deadline = AbortSignal.timeout(timeoutMs);
        try {
          return await fetcher(input, { ...init, signal: deadline });
        } catch (error) {
          throw deadline.aborted ? new DeadlinePassed('deadline passed', { cause: error }) : error;
        }
      },
    });
    this.#name = name;
    this.#timeoutMs = timeoutMs;
    this.#logger = logger;
  }

  override didEncounterError(...[error, , response, context]: Parameters<IdentityForwardingDataSource['didEncounterError']>): never {
    if (response?.status === 401 || response?.status === 403) throw error;
    const fault = subgraphFault(this.#name, error, this.#timeoutMs, response?.status);
    const requestId = context && 'requestId' in context ? context.requestId : undefined;
    this.#logger.warn(
      { err: error, subgraph: this.#name, code: fault.extensions.code, requestId },
      `subgraph ${this.#name} ${fault.reason}`,
    );
    throw fault;
  }
}
