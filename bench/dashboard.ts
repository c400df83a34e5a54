/**
 * How long the committee's dashboard takes at scale (issue 4, item 3): a whole
 * dashboard (every section of every subgraph) for one year and one province,
 * through the gateway, on the synthetic world at --scale 500 (about a million
 * cases) by default.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_metrics node bench/dashboard.ts [--scale 500] [--requests 20] [--quick]
 *
 * Two figures, each on its own stack over the same data:
 *   - cold: the figures of the year are computed for the request (the SQL
 *     aggregations and the protection of the year's whole system), as for the
 *     first request of a year after start or after the cache expires;
 *     METRICS_CACHE_SECONDS=0 makes every request cold.
 *   - warm ("kept"): the year's protected figures and statistics are kept (the
 *     default, 300 s), as each subgraph prepares them when it starts.
 * On PostgreSQL the data is reused when every subgraph was last seeded at the
 * same scale; otherwise it is seeded by `npm run seed` (lib/storage.ts: about
 * 5 to 7 minutes at scale 500).
 * Results: bench/results/dashboard-<storage>-<date>.json and dashboard-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStack, type RunningStack } from '#test-kit';
import { sqlStatementsDuring } from '#test-kit';
import { graphql } from '#test-kit';
import { tokenFor } from '#test-kit';
import { environment, redactedUrl } from './lib/environment.ts';
import { positiveOption } from './lib/options.ts';
import { summarize } from './lib/stats.ts';
import { prepareStorage } from './lib/storage.ts';
import { COMMITTEE_DASHBOARD_QUERY } from './lib/committee-dashboard.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const GOAL_MS = 1000;

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    requests: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const scale = positiveOption('scale', values.scale, quick ? 1 : 500);
const requests = positiveOption('requests', values.requests, quick ? 3 : 20);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl && scale > 5)
  throw new Error(
    'a scale above 5 needs DATABASE_URL (PostgreSQL): embedded PGlite is single-threaded and holds the whole world in memory',
  );

/** The cases a dashboard is measured on: the (a year and a province), and two more for context. */
const DASHBOARDS = [
  { name: 'year and province', variables: { period: '2025', province: 'PUNJAB' } },
  { name: 'year, all Pakistan', variables: { period: '2025' } },
  { name: 'quarter and district', variables: { period: '2025-Q2', district: 'Lahore' } },
] as const;

async function startOnData(env: NodeJS.ProcessEnv): Promise<RunningStack> {
  return startStack({ databaseUrl, scale, reseed: false, env: { LOG_LEVEL: 'warn', ...env } });
}

const started = Date.now();
// On PostgreSQL, the data `npm run bench` uses too: reused at this scale, else seeded. On PGlite each stack seeds its own in memory.
if (databaseUrl) await prepareStorage({ databaseUrl, sets: [], scale, reseed: false, log: (line) => console.log(line) });
const cold = await startOnData({ METRICS_CACHE_SECONDS: '0' });
const warm = await startOnData({});
const token = await tokenFor({ agency: 'SPECIAL_COMMITTEE', sub: 'bench-committee' });

async function timedRequest(stack: RunningStack, variables: Record<string, unknown>, requestId?: string): Promise<number> {
  const begun = performance.now();
  const response = await graphql(stack.gatewayUrl, COMMITTEE_DASHBOARD_QUERY, { token, variables, requestId });
  const ms = performance.now() - begun;
  if (response.status !== 200 || response.errors)
    throw new Error(`dashboard ${JSON.stringify(variables)}: HTTP ${response.status} ${JSON.stringify(response.errors)?.slice(0, 500)}`);
  return ms;
}

const results = [];
for (const dashboard of DASHBOARDS) {
  const coldSamples: number[] = [];
  for (let i = 0; i < requests; i++) coldSamples.push(await timedRequest(cold, dashboard.variables));
  await timedRequest(warm, dashboard.variables);
  const warmSamples: number[] = [];
  for (let i = 0; i < requests; i++) warmSamples.push(await timedRequest(warm, dashboard.variables));
  const sql = await sqlStatementsDuring(cold.subgraphUrls, (requestId) => timedRequest(cold, dashboard.variables, requestId));
  const result = { ...dashboard, cold: summarize(coldSamples), warm: summarize(warmSamples), sqlStatementsCold: sql };
  results.push(result);
  console.log(
    `${dashboard.name}: cold median ${result.cold.medianMs} ms (p90 ${result.cold.p90Ms}), warm median ${result.warm.medianMs} ms (p90 ${result.warm.p90Ms}); ${sql.total} SQL statements cold`,
  );
}
await warm.stop();
await cold.stop();

const storage = databaseUrl ? 'postgresql' : 'pglite';
const report = {
  benchmark: 'committee dashboard latency',
  command: `${databaseUrl ? 'DATABASE_URL=… ' : ''}node bench/dashboard.ts ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  storage,
  database: databaseUrl ? redactedUrl(databaseUrl) : 'in-memory PGlite',
  scale,
  requestsPerFigure: requests,
  setup: 'one process: four subgraphs and the gateway started in turn by test-kit/stack.ts; one request at a time through the gateway',
  goal: `a whole dashboard for one year and one province in well under ${GOAL_MS} ms`,
  environment: environment(),
  results,
  totalSeconds: Math.round((Date.now() - started) / 1000),
};
mkdirSync(RESULTS_DIR, { recursive: true });
const file = `${RESULTS_DIR}dashboard-${storage}-${report.date.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${RESULTS_DIR}dashboard-latest.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${file}`);
