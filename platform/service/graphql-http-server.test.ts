import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createGraphQLHttpServer } from './graphql-http-server.ts';

describe('the GraphQL HTTP server of the gateway and every subgraph', () => {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  let server: ReturnType<typeof createGraphQLHttpServer>;
  let url: string;
  let connections = 0;
  // A client pool like the gateway's: idle sockets kept 30 s.
  const pool = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });

  beforeAll(async () => {
    await apollo.start();
    server = createGraphQLHttpServer({
      apollo,
      path: '/graphql',
      context: async () => ({}),
      logger: createLogger('http-server-test', { LOG_LEVEL: 'silent' }),
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await pool.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  });

  const ask = async () => {
    const response = await request(url, {
      method: 'POST',
      dispatcher: pool,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ok }' }),
    });
    return { status: response.statusCode, body: await response.body.json() };
  };

  // Node closes an idle keep-alive socket after 5 s by default; a server whose event loop is busy past that
  // moment can close a socket the client has just sent a request on (ECONNRESET). The client must give up first.
  it('keeps an idle keep-alive socket open past Node’s default 5 s, so the client’s pool reuses it', async () => {
    expect(await ask()).toEqual({ status: 200, body: { data: { ok: true } } });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await ask()).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(connections).toBe(1);
  }, 20_000);
});
