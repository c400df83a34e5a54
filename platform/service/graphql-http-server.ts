import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from './logger.ts';

interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Where GraphQL is served, e.g. /graphql. */
  path: string;
  context: (request: IncomingRequest) => Promise<TContext>;
  /** Readiness: true once the process can answer (database reachable, migrated). */
  ready: () => Promise<boolean>;
  /** Prometheus text exposition for GET /metrics. */
  metrics?: () => string;
  logger: Logger;
  /** Access-Control-Allow-Origin; the gateway allows the Sandbox, subgraphs allow nobody. */
  corsOrigin?: string;
  maxBodyBytes?: number;
  /**
   * GraphQL over GET (the gateway's, for the Sandbox and cacheable queries).
   * Subgraphs refuse it: the gateway always POSTs, and a GET's query sits in
   * the URL, outside the body a request signature covers.
   */
  allowGet?: boolean;
  /** Other POST endpoints beside GraphQL, by path (the subgraphs' refusal recorder, say). */
  postRoutes?: Record<string, (request: IncomingRequest) => Promise<PlainResponse>>;
}

/** What a plain (non-GraphQL) route answers. */
export interface PlainResponse {
  status: number;
  body?: unknown;
}

export interface IncomingRequest {
  headers: IncomingMessage['headers'];
  requestId: string;
  /** The raw body bytes, for request signatures. */
  rawBody: Buffer;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A plain node:http server around Apollo Server: GraphQL at `path`, plus
 * /health, /ready and /metrics. Written once for the gateway and every subgraph.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): Server {
  const { apollo, path, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    if (options.corsOrigin) applyCors(res, options.corsOrigin);
    if (req.method === 'OPTIONS') return send(res, 204, '');

    if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/ready' && req.method === 'GET') {
      const ready = await options.ready().catch(() => false);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    }
    if (url.pathname === '/metrics' && req.method === 'GET' && options.metrics) {
      return send(res, 200, options.metrics(), 'text/plain; version=0.0.4');
    }
    const route = req.method === 'POST' ? options.postRoutes?.[url.pathname] : undefined;
    if (route) {
      const rawBody = await readBody(req, maxBodyBytes);
      if (rawBody === 'too large') return sendJson(res, 413, { error: 'request body is too large' });
      const answer = await route({ headers: req.headers, requestId, rawBody });
      return answer.body === undefined ? send(res, answer.status, '') : sendJson(res, answer.status, answer.body);
    }
    if (url.pathname !== path) return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'POST' && !(options.allowGet && req.method === 'GET')) {
      res.setHeader('allow', options.allowGet ? 'GET, POST' : 'POST');
      return sendGraphQLError(res, 405, 'Method not allowed.');
    }

    const rawBody = await readBody(req, maxBodyBytes);
    if (rawBody === 'too large') return sendGraphQLError(res, 413, 'Request body is too large.');
    let body: unknown;
    if (rawBody.length > 0 && isJson(req)) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return sendGraphQLError(res, 400, 'Request body is not valid JSON.');
      }
    } else if (rawBody.length > 0) {
      body = rawBody.toString('utf8');
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const started = performance.now();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => options.context({ headers: req.headers, requestId, rawBody }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    logger.debug({ requestId, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'graphql request');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      else res.end();
    });
  });
  // Idle keep-alive sockets are closed by the client (the gateway's pool keeps them 30 s), not here.
  // With Node's 5 s, a server whose event loop had been busy for a second could close a socket
  // the gateway had just sent a request on: ECONNRESET, an error for the client (seen under W5
  // at scale 500, while a year's figures were protected again).
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1_000;
  return server;
}

/** Longer than any client's idle keep-alive: the gateway's subgraph pool (30 s), load balancers' usual 60 s. */
const SERVER_KEEP_ALIVE_MS = 65_000;

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.:-]{1,128}$/.test(single) ? single : undefined;
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().includes('json');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function applyCors(res: ServerResponse, origin: string) {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, x-case-purpose',
  );
  res.setHeader('access-control-max-age', '600');
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain') {
  res.statusCode = status;
  if (body) res.setHeader('content-type', contentType);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), 'application/json');
}

function sendGraphQLError(res: ServerResponse, status: number, message: string, code = 'BAD_REQUEST') {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
