import { Agent, fetch as undiciFetch } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { SIGNATURE_HEADER, signSubgraphRequest } from '../subgraphs/kit/src/auth/request-signature.ts';
import { PURPOSE_HEADER } from '../subgraphs/kit/src/audit/purpose.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherInit = NonNullable<Parameters<Fetcher>[1]>;

export interface SubgraphClientOptions {
  /** Sockets kept per subgraph origin; default 64. */
  connectionsPerSubgraph?: number;
  /** How long an idle socket is kept, ms; default 30 s. */
  keepAliveMs?: number;
  /** Longest a subgraph may take to answer, ms; default 30 s. */
  timeoutMs?: number;
  /**
   * Shared secret (`SUBGRAPH_HMAC_SECRET`): when set, every request carries an
   * `x-gateway-signature` over its exact body and Authorization header, which
   * the subgraphs verify. Unset, nothing is signed.
   */
  signingSecret?: string | Uint8Array;
}

/**
 * The gateway's HTTP client to its subgraphs: undici with keep-alive sockets
 * pooled per subgraph, so a query plan's fetches reuse connections instead of
 * paying a TCP handshake each. It signs here, where the exact body string
 * being sent is known.
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
  // A secret too short to sign with fails here, at startup, not on the first request.
  if (signingSecret) signSubgraphRequest({ secret: signingSecret, body: '' });
  const fetcher = ((url: string, init: FetcherInit = {}) =>
    undiciFetch(url, { ...init, headers: signingSecret ? signed(init, signingSecret) : init.headers, dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

/** The request's headers plus its signature; RemoteGraphQLDataSource always sends a string body and plain-object headers. */
function signed(init: FetcherInit, secret: string | Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  let authorization: string | undefined;
  let purpose: string | undefined;
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === SIGNATURE_HEADER) continue;
    if (lower === 'authorization') authorization = value;
    if (lower === PURPOSE_HEADER) purpose = value;
    headers[name] = value;
  }
  headers[SIGNATURE_HEADER] = signSubgraphRequest({ secret, body: init.body ?? '', authorization, purpose });
  return headers;
}
