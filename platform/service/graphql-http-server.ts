import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from './logger.ts';

interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Where GraphQL is served, e.g. /graphql. */
  path: string;
  context: (request: IncomingRequest) => Promise<TContext>;
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
  /** Plain (non-GraphQL) endpoints beside GraphQL: /health, /ready, /metrics, the subgraphs' refusal recorder. */
  routes?: readonly Route[];
  /**
   * Runs the handling of each request (GraphQL or a route) inside, so what
   * must follow the request through its async work can (its SQL statements).
   */
  around?: (request: { requestId: string; headers: IncomingMessage['headers'] }, handle: () => Promise<void>) => Promise<void>;
  /** How long an idle keep-alive socket is kept open: SERVER_KEEP_ALIVE_MS unless a test shortens it. */
  keepAliveMs?: number;
}

/** A plain endpoint: GET or POST at a path. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle: (request: IncomingRequest) => Promise<PlainResponse>;
}

/** What a plain (non-GraphQL) route answers: `body` as JSON, or as text when `contentType` is given. */
export interface PlainResponse {
  status: number;
  body?: unknown;
  contentType?: string;
  /** Further response headers (a page's Content-Security-Policy, caching). */
  headers?: Readonly<Record<string, string>>;
}

export interface IncomingRequest {
  headers: IncomingMessage['headers'];
  requestId: string;
  /** The raw body bytes, for request signatures (empty for a GET). */
  rawBody: Buffer;
  /** The request's URL (its path and query), on the server's own origin. */
  url: URL;
  /** The address of the peer that connected (a proxy's, behind one). */
  remoteAddress?: string;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A plain node:http server around Apollo Server: GraphQL at `path`, plus the
 * plain routes the service's parts add (/health, /ready, /metrics, ...).
 * Written once for the gateway and every subgraph.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): Server {
  const { apollo, path, logger, around } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const routes = new Map((options.routes ?? []).map((route) => [`${route.method} ${route.path}`, route]));
  if (routes.size < (options.routes ?? []).length) throw new Error('two routes share a method and a path');

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    if (around) await around({ requestId, headers: req.headers }, () => serve(req, res, requestId));
    else await serve(req, res, requestId);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.corsOrigin) applyCors(res, options.corsOrigin);
    if (req.method === 'OPTIONS') return send(res, 204, '');

    const route = routes.get(`${req.method} ${url.pathname}`);
    if (route) {
      const rawBody = req.method === 'POST' ? await readBody(req, maxBodyBytes) : Buffer.alloc(0);
      if (rawBody === 'too large') return sendJson(res, 413, { error: 'request body is too large' });
      const answer = await route.handle({ headers: req.headers, requestId, rawBody, url, remoteAddress: remoteAddressOf(req) });
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      if (answer.body === undefined) return send(res, answer.status, '');
      return answer.contentType
        ? send(res, answer.status, String(answer.body), answer.contentType)
        : sendJson(res, answer.status, answer.body);
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
      context: () => options.context({ headers: req.headers, requestId, rawBody, url, remoteAddress: remoteAddressOf(req) }),
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
  server.keepAliveTimeout = options.keepAliveMs ?? SERVER_KEEP_ALIVE_MS;
  server.headersTimeout = server.keepAliveTimeout + 1_000;
  return server;
}

/** Longer than any client's idle keep-alive: the gateway's subgraph pool (30 s), load balancers' usual 60 s. */
export const SERVER_KEEP_ALIVE_MS = 65_000;

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.:-]{1,128}$/.test(single) ? single : undefined;
}

const remoteAddressOf = (req: IncomingMessage): string | undefined => req.socket.remoteAddress;

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
    'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, x-case-purpose, idempotency-key',
  );
  // A browser's script reads a 429's Retry-After only if told it may.
  res.setHeader('access-control-expose-headers', 'retry-after');
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
