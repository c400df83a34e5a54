import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createLogger, type Route } from '#service';
import { createViewerVerifier, tokenSettingsFromEnv } from '#identity';
import { devIdentityRoutes } from '../dev-identities.ts';
import { committeeDashboardPage } from './part.ts';

async function routesFor(env: NodeJS.ProcessEnv): Promise<Map<string, Route>> {
  const setup = {
    name: 'gateway',
    env,
    logger: createLogger('gateway', { LOG_LEVEL: 'silent' }),
    registry: new Registry(),
    ready: async () => true,
  } as unknown as Parameters<ReturnType<typeof committeeDashboardPage>['setup']>[0];
  const { routes = [] } = await committeeDashboardPage().setup(setup);
  return new Map(routes.map((route) => [route.path, route]));
}

const request = (path: string, headers: Record<string, string> = {}) => ({
  headers,
  requestId: 'test',
  rawBody: Buffer.alloc(0),
  url: new URL(path, 'http://localhost'),
});

async function get(routes: Map<string, Route>, path: string, headers?: Record<string, string>) {
  const route = routes.get(path);
  if (route?.method !== 'GET') throw new Error(`no GET at ${path}`);
  if (!route) throw new Error(`no route at ${path}`);
  return route.handle(request(path, headers));
}

describe("the committee's dashboard page, as the gateway serves it", () => {
  it('serves the page, its stylesheet, its modules and Chart.js, each from the gateway', async () => {
    const routes = await routesFor({});
    expect([...routes.keys()].sort()).toEqual(
      [
        '/dashboard',
        '/dashboard/',
        '/dashboard/dashboard.css',
        '/dashboard/chart.umd.js',
        '/dashboard/page.js',
        '/dashboard/charts.js',
        '/dashboard/figures.js',
        '/dashboard/query.js',
      ].sort(),
    );
    const chart = await get(routes, '/dashboard/chart.umd.js');
    expect(chart).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(String(chart.body)).toMatch(/^\/\*!\n \* Chart\.js v4\./);
  });

  it('the page asks for nothing beyond the gateway: a strict CSP, every asset on its own path, no URL to elsewhere', async () => {
    const routes = await routesFor({ GRAPHQL_PATH: '/api/graphql' });
    const page = await get(routes, '/dashboard');
    expect(page.headers?.['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const html = String(page.body);
    for (const asset of html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)) expect(routes.has(asset[1]!), asset[1]).toBe(true);
    for (const path of [
      '/dashboard',
      '/dashboard/dashboard.css',
      '/dashboard/page.js',
      '/dashboard/charts.js',
      '/dashboard/figures.js',
      '/dashboard/query.js',
    ])
      expect(String((await get(routes, path)).body)).not.toMatch(/(?:https?:)?\/\/(?!localhost)[a-z0-9-]+\.[a-z]/i);
    const config = JSON.parse(/<script type="application\/json" id="dashboard-config">(.*?)<\/script>/s.exec(html)![1]!);
    expect(config).toMatchObject({ graphqlPath: '/api/graphql', developmentTokenPath: '/dev/token?identity=committee', firstYear: 2021 });
    expect(config.districts).toContainEqual({ name: 'Lahore', province: 'PUNJAB' });
  });

  it("serves its modules as JavaScript: their TypeScript types stripped, their imports the page's own paths", async () => {
    const routes = await routesFor({});
    const page = String((await get(routes, '/dashboard/page.js')).body);
    expect(page).not.toMatch(/:\s*HTMLElement\b|interface\s+\w+\s*\{/);
    expect([...page.matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['./charts.js', './figures.js', './query.js']);
  });

  it("outside production, signs in as the committee's development identity, which the gateway mints for its own pages", async () => {
    const page = String((await get(await routesFor({}), '/dashboard')).body);
    expect(page).toContain('"developmentTokenPath":"/dev/token?identity=committee"');
    const mint = devIdentityRoutes({}).find((route) => route.method === 'POST' && route.path === '/dev/token')!;
    const answer = await mint.handle(request('/dev/token?identity=committee', { origin: 'http://localhost', host: 'localhost' }));
    expect(answer.status).toBe(200);
    const viewer = await createViewerVerifier(tokenSettingsFromEnv({}))(`Bearer ${(answer.body as { token: string }).token}`);
    expect(viewer.agency).toBe('SPECIAL_COMMITTEE');
    expect(
      (await mint.handle(request('/dev/token?identity=committee', { origin: 'https://elsewhere.example', host: 'localhost' }))).status,
    ).toBe(403);
  });

  it('has no development token in production, nor where tokens come from an identity provider', async () => {
    for (const env of [
      { NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/jwks' },
      { JWT_JWKS_URL: 'https://idp.example/jwks' },
    ]) {
      const routes = await routesFor(env);
      expect(devIdentityRoutes(env)).toEqual([]);
      expect(routes.has('/dashboard')).toBe(true);
      const page = String((await get(routes, '/dashboard')).body);
      expect(page).toContain('"developmentTokenPath":null');
    }
  });
});
