import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { SIGNATURE_HEADER, signSubgraphRequest } from '#identity';
import { IDEMPOTENCY_KEY_HEADER, PURPOSE_HEADER } from '#identity';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

interface SubgraphClientOptions {
  /** Sockets kept per subgraph origin; default 64. */
  connectionsPerSubgraph?: number;
  /** How long an idle socket is kept, ms; default 30 s. */
  keepAliveMs?: number;
  /** Longest a subgraph may take to answer, ms; default 30 s. */
  timeoutMs?: number;
  /**
   * Shared secret (`SUBGRAPH_HMAC_SECRET`): when set, every request carries an
   * `x-gateway-signature` over its exact body and Authorization header, which
   * the subgraphs verify. Unset, nothing is signed. Read it with
   * requestSigningFromEnv, which refuses a short one at startup.
   */
  signingSecret?: string | Uint8Array;
}

/**
 * The gateway's HTTP client to its subgraphs: undici with keep-alive sockets
 * pooled per subgraph, so a query plan's fetches reuse connections instead of
 * paying a TCP handshake each. It signs here, where the exact body string
 * being sent is known.
 *
 * It is `undici.request` behind the small part of the Fetch API that Apollo
 * Gateway's data source and the refusal recorder use, not undici's WHATWG
 * `fetch`: a subgraph answer is one JSON body read whole, and fetch's
 * Request, Headers and web streams took most of the gateway's CPU under load
 * (bench/RESULTS.md).
 */
export function createSubgraphFetcher(options: SubgraphClientOptions = {}): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({
    connections: options.connectionsPerSubgraph ?? 64,
    keepAliveTimeout: options.keepAliveMs ?? 30_000,
    keepAliveMaxTimeout: options.keepAliveMs ?? 30_000,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
  });
  const { signingSecret } = options;
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    const body = typeof init.body === 'string' || init.body === undefined ? init.body : init.body.toString('utf8');
    const headers = signingSecret ? signed(init.headers ?? {}, body ?? '', signingSecret) : init.headers;
    const response = await request(url, { method: (init.method ?? 'GET') as 'GET', headers, body, signal: init.signal, dispatcher: agent });
    return new SubgraphResponse(url, response.statusCode, response.headers, await response.body.text());
  };
  return { fetcher, close: () => agent.close() };
}

/** The request's headers plus its signature over the exact body sent. */
function signed(headers: Record<string, string>, body: string, secret: string | Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let authorization: string | undefined;
  let purpose: string | undefined;
  let idempotencyKey: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === SIGNATURE_HEADER) continue;
    if (lower === 'authorization') authorization = value;
    if (lower === PURPOSE_HEADER) purpose = value;
    if (lower === IDEMPOTENCY_KEY_HEADER) idempotencyKey = value;
    out[name] = value;
  }
  out[SIGNATURE_HEADER] = signSubgraphRequest({ secret, body, authorization, purpose, idempotencyKey });
  return out;
}

/** A subgraph's answer, already read, as the Fetch API's Response (the part of it @apollo/utils.fetcher names). */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly url: string;
  readonly status: number;
  readonly headers: FetcherHeaders;
  readonly #body: string;
  #used = false;

  constructor(url: string, status: number, headers: Record<string, string | string[] | undefined>, body: string) {
    this.url = url;
    this.status = status;
    this.headers = new ReadOnlyHeaders(headers);
    this.#body = body;
  }

  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  get statusText() {
    return STATUS_CODES[this.status] ?? '';
  }

  get bodyUsed() {
    return this.#used;
  }

  async text() {
    this.#used = true;
    return this.#body;
  }

  async json() {
    this.#used = true;
    return JSON.parse(this.#body);
  }

  async arrayBuffer() {
    this.#used = true;
    const bytes = Buffer.from(this.#body, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.status, Object.fromEntries(this.headers), this.#body);
  }
}

/** Response headers by lower-case name; a response's headers are not to be changed. */
class ReadOnlyHeaders implements FetcherHeaders {
  readonly #values: Map<string, string>;

  constructor(headers: Record<string, string | string[] | undefined>) {
    this.#values = new Map();
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) this.#values.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }

  get(name: string) {
    return this.#values.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.#values.has(name.toLowerCase());
  }
  entries() {
    return this.#values.entries();
  }
  keys() {
    return this.#values.keys();
  }
  values() {
    return this.#values.values();
  }
  [Symbol.iterator]() {
    return this.#values.entries();
  }
  append(): never {
    throw new TypeError("a response's headers cannot be changed");
  }
  delete(): never {
    throw new TypeError("a response's headers cannot be changed");
  }
  set(): never {
    throw new TypeError("a response's headers cannot be changed");
  }
}
