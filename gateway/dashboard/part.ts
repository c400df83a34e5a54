import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join } from 'node:path';
import { graphqlPath, type PlainResponse, type Route } from '#service';
import { DISTRICTS, pakistanDate, PROVINCES } from '#reference-data';
import type { GatewayPart } from '../part.ts';
import { DEV_TOKEN_PATH, devTokensAvailable } from '../dev-identities.ts';

/** Options of {@link committeeDashboardPage}. */
export interface DashboardPageOptions {
  /** Where the page is served; its files under it. Default `/dashboard`. */
  path?: string;
}

/** The first year a committee period may name: the Act dates from 2021 (as #committee-metrics' periods). */
const FIRST_YEAR = 2021;

/** The page's own modules, written in TypeScript beside this file and served with their types stripped. */
const MODULES = ['page', 'charts', 'figures', 'query'] as const;

/**
 * Nothing but this gateway: scripts, styles, data and the GraphQL endpoint all come from it, so the page works
 * on a network without internet access and nothing it shows can be sent anywhere else. Chart.js and the page
 * style canvases through the CSSOM, which `style-src 'self'` allows.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * The Special Committee's dashboard page (issue 15, item 4), served by the gateway at `/dashboard`: an HTML
 * page, its stylesheet, its modules and Chart.js's UMD build, every one from this gateway. The page asks the
 * graph at the gateway's own GraphQL path with the token the member signs in with; outside production it also
 * offers the committee's development identity, one of the demo world's people (`POST /dev/token?identity=committee`,
 * gateway/dev-identities.ts, answering `{ token }` among the rest).
 */
export function committeeDashboardPage(options: DashboardPageOptions = {}): GatewayPart {
  const base = options.path ?? '/dashboard';
  return {
    name: 'dashboard',
    setup: ({ env }) => {
      const developmentTokenPath = devTokensAvailable(env) ? `${DEV_TOKEN_PATH}?identity=committee` : null;
      const html = pageTemplate(base);
      const page = async (): Promise<PlainResponse> => ({
        status: 200,
        body: html({
          graphqlPath: graphqlPath(env),
          developmentTokenPath,
          provinces: [...PROVINCES],
          districts: DISTRICTS.map(({ name, province }) => ({ name, province })),
          firstYear: FIRST_YEAR,
          thisYear: Number(pakistanDate(new Date()).slice(0, 4)),
        }),
        contentType: 'text/html; charset=utf-8',
        headers: PAGE_HEADERS,
      });
      const routes: Route[] = [
        { method: 'GET', path: base, handle: page },
        { method: 'GET', path: `${base}/`, handle: page },
        asset(`${base}/dashboard.css`, 'text/css; charset=utf-8', () => readFileSync(new URL('./dashboard.css', import.meta.url), 'utf8')),
        asset(`${base}/chart.umd.js`, 'text/javascript; charset=utf-8', () => readFileSync(chartJsUmd(), 'utf8')),
        ...MODULES.map((name) =>
          asset(`${base}/${name}.js`, 'text/javascript; charset=utf-8', () =>
            stripTypeScriptTypes(readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8'), { mode: 'strip' }),
          ),
        ),
      ];
      return { routes };
    },
  };
}

/** A file of the page, read (and its types stripped) on the first request, then kept. */
function asset(path: string, contentType: string, read: () => string): Route {
  let body: string | undefined;
  return {
    method: 'GET',
    path,
    handle: async () => ({
      status: 200,
      body: (body ??= read()),
      contentType,
      headers: { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' },
    }),
  };
}

/** Chart.js's UMD build (one file, defining the global `Chart`); the package exports no path to it, so it is found beside its main file. */
function chartJsUmd(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
}

/** The page's config element, as page.html has it (`{}`), where the gateway writes the page's config. */
const CONFIG_ELEMENT = '<script type="application/json" id="dashboard-config">{}</script>';

/** page.html for the path it is served at, as a function of its config. */
function pageTemplate(base: string): (config: Record<string, unknown>) => string {
  const [before, after, ...more] = readFileSync(new URL('./page.html', import.meta.url), 'utf8')
    .replaceAll('{{base}}', base)
    .split(CONFIG_ELEMENT);
  if (after === undefined || more.length > 0) throw new Error('page.html must hold its config element once');
  // JSON inside <script> must not close it: every "<" is written as its escape.
  return (config) => `${before}${CONFIG_ELEMENT.replace('{}', () => JSON.stringify(config).replaceAll('<', '\\u003c'))}${after}`;
}
