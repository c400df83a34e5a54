import { once } from 'node:events';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createGraphQLHttpServer, SERVER_KEEP_ALIVE_MS } from './graphql-http-server.ts';

/** How long the client pool keeps an idle socket: the gateway's subgraph pool keeps them 30 s. */
const CLIENT_KEEP_ALIVE_MS = 30_000;

/** One TCP connection sending GETs one after another, as HTTP/1.1 keep-alive does; it never closes by itself. */
function bareConnection(address: AddressInfo) {
  const socket = connect(address.port, address.address);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closedByServer = once(socket, 'end');
  return {
    closedByServer,
    async get(path: string): Promise<{ status: number; keepAlive?: string }> {
      received = '';
      socket.write(`GET ${path} HTTP/1.1\r\nhost: ${address.address}\r\nconnection: keep-alive\r\n\r\n`);
      for (;;) {
        const headerEnd = received.indexOf('\r\n\r\n');
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(received)?.[1] ?? NaN);
        if (headerEnd >= 0 && received.length >= headerEnd + 4 + length) break;
        await once(socket, 'data');
      }
      return {
        status: Number(received.slice(9, 12)),
        keepAlive: /\r\nkeep-alive: ([^\r]*)/i.exec(received)?.[1],
      };
    },
  };
}

describe('the GraphQL HTTP server of the gateway and every subgraph', () => {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  const servers: { server: ReturnType<typeof createGraphQLHttpServer>; pool: Agent }[] = [];

  /** A server (keeping idle sockets `keepAliveMs`, if given), a client pool like the gateway's, and what happens to their sockets. */
  async function serve(keepAliveMs?: number) {
    const server = createGraphQLHttpServer({
      apollo,
      path: '/graphql',
      context: async () => ({}),
      routes: [
        { method: 'GET', path: '/health', handle: async () => ({ status: 200, body: { status: 'ok' } }) },
        { method: 'GET', path: '/ready', handle: async () => ({ status: 200, body: { status: 'ready' } }) },
      ],
      logger: createLogger('http-server-test', { LOG_LEVEL: 'silent' }),
      keepAliveMs,
    });
    const sockets = { opened: 0, closed: 0 };
    server.on('connection', (socket: Socket) => {
      sockets.opened += 1;
      socket.on('close', () => (sockets.closed += 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const pool = new Agent({ keepAliveTimeout: CLIENT_KEEP_ALIVE_MS, keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_MS });
    servers.push({ server, pool });
    const ask = async () => {
      const response = await request(url, {
        method: 'POST',
        dispatcher: pool,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ok }' }),
      });
      return { status: response.statusCode, keepAlive: response.headers['keep-alive'], body: await response.body.json() };
    };
    return { server, sockets, ask };
  }

  beforeAll(() => apollo.start());
  afterAll(async () => {
    for (const { server, pool } of servers) {
      await pool.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await apollo.stop();
  });

  // Node closes an idle keep-alive socket after 5 s by default; a server whose event loop is busy past that
  // moment can close a socket the client has just sent a request on (ECONNRESET). The client must give up first:
  // the server keeps it SERVER_KEEP_ALIVE_MS and says so in its Keep-Alive hint, which clients (undici) read.
  it('keeps an idle keep-alive socket open longer than the client’s pool does, and says so, so the pool reuses it', async () => {
    const { server, sockets, ask } = await serve();
    expect(SERVER_KEEP_ALIVE_MS).toBeGreaterThan(CLIENT_KEEP_ALIVE_MS);
    expect(server.keepAliveTimeout).toBe(SERVER_KEEP_ALIVE_MS);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    const first = await ask();
    expect(first).toEqual({ status: 200, keepAlive: `timeout=${SERVER_KEEP_ALIVE_MS / 1000}`, body: { data: { ok: true } } });
    // Idle: the pool has the socket back once the response has ended.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await ask()).toMatchObject({ status: 200, body: { data: { ok: true } } });
    expect(sockets).toEqual({ opened: 1, closed: 0 });
  });

  // What the setting above does, shown with a short one instead of waiting past Node's default, on a bare
  // connection (a client pool would close an idle socket itself, by the server's hint).
  it('keeps an idle socket for its keep-alive time, answering on it again, then closes it', async () => {
    const { server, sockets } = await serve(100);
    const connection = bareConnection(server.address() as AddressInfo);
    expect(await connection.get('/health')).toMatchObject({ status: 200, keepAlive: 'timeout=0' });
    expect(await connection.get('/ready')).toMatchObject({ status: 200 });
    expect(sockets).toEqual({ opened: 1, closed: 0 });
    // Idle from here: the server closes it once the time (and Node's grace beyond it) is over.
    await connection.closedByServer;
    await expect.poll(() => sockets).toEqual({ opened: 1, closed: 1 });
  });
});
