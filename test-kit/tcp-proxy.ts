import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Which way a {@link TcpProxy} holds bytes back: what clients send (requests, publishes), or what comes back (answers, acks). */
export type ProxyDirection = 'requests' | 'answers';

/**
 * A TCP proxy in front of a server (a consumer's HTTP port, NATS), standing
 * for the network between two processes: the test cuts its connections, as a
 * network or a restart would, or holds one direction back, so that a
 * delivery is under way (its request not arrived, or its answer not back)
 * for as long as the test wants it to be.
 */
export interface TcpProxy {
  port: number;
  /** Destroys every connection open now; clients reconnect through the proxy. */
  cut(): void;
  /** Bytes in this direction are kept in the proxy, on every connection, from now until `release()`. */
  hold(direction: ProxyDirection): void;
  /** Forwards what was held, on the connections still open, and holds nothing more. */
  release(): void;
  /** Everything clients have sent so far, forwarded or held (latin1), to wait for a request to be under way. */
  sent(): string;
  close(): Promise<void>;
}

/** Keeps what clients sent, to a point: a test waits for a request it knows, not for megabytes. */
const SENT_LIMIT = 4 * 1024 * 1024;

/** Proxies to `target`, read at each new connection (so it may be filled in once the server's port is known). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Record<ProxyDirection, Buffer[]> }>();
  const holding: Record<ProxyDirection, boolean> = { requests: false, answers: false };
  let sent = '';
  const server: Server = createServer((client) => {
    const upstream = createConnection(target.port, target.host);
    const pair = { client, upstream, held: { requests: [] as Buffer[], answers: [] as Buffer[] } };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket, direction: ProxyDirection) =>
      from.on('data', (chunk: Buffer) => {
        if (direction === 'requests' && sent.length < SENT_LIMIT) sent += chunk.toString('latin1');
        if (holding[direction]) pair.held[direction].push(chunk);
        else to.write(chunk);
      });
    forward(client, upstream, 'requests');
    forward(upstream, client, 'answers');
    // One side gone, the other goes too, and what it held with it: a dead client's request never arrives.
    for (const socket of [client, upstream]) {
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut: destroyAll,
    hold(direction) {
      holding[direction] = true;
    },
    release() {
      holding.requests = false;
      holding.answers = false;
      for (const { client, upstream, held } of pairs) {
        for (const chunk of held.requests.splice(0)) upstream.write(chunk);
        for (const chunk of held.answers.splice(0)) client.write(chunk);
      }
    },
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
