import { Agent, fetch as undiciFetch } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

export interface SubgraphClientOptions {
  /** Sockets kept per subgraph origin; default 64. */
  connectionsPerSubgraph?: number;
  /** How long an idle socket is kept, ms; default 30 s. */
  keepAliveMs?: number;
  /** Longest a subgraph may take to answer, ms; default 30 s. */
  timeoutMs?: number;
}

/**
 * The gateway's HTTP client to its subgraphs: undici with keep-alive sockets
 * pooled per subgraph, so a query plan's fetches reuse connections instead of
 * paying a TCP handshake each.
 */
export function createSubgraphFetcher(options: SubgraphClientOptions = {}): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({
    connections: options.connectionsPerSubgraph ?? 64,
    keepAliveTimeout: options.keepAliveMs ?? 30_000,
    keepAliveMaxTimeout: options.keepAliveMs ?? 30_000,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
  });
  const fetcher = ((url: string, init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(url, { ...init, dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}
