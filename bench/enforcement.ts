/**
 * What the access policy costs (issue item 10): the same two list workloads
 * through two stacks started side by side in this process, one with
 * enforcement on (gateway policy filter + graphql-shield row rules in the
 * subgraphs) and one with it off (both parts left out), requests alternating
 * between them so that machine noise hits both alike.
 *
 *   node bench/enforcement.ts [--scale N] [--requests N] [--warmup N] [--concurrency N] [--quick]
 *   DATABASE_URL=postgres://... node bench/enforcement.ts     (PostgreSQL instead of in-memory PGlite)
 *
 * Goal: at most 15% added median latency, and the same SQL statements per
 * request with and without the row rules. The result is written to
 * bench/results/ (a dated file and enforcement-latest.json); the goal is
 * reported, never asserted: the script fails only when it cannot measure
 * (a stack does not start, or 'on' and 'off' answer different data).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { startStack, type RunningStack } from '#test-kit';
import { defaultSubgraphParts } from '#subgraph';
import { defaultGatewayParts } from '../gateway/part.ts';
import { sqlStatementsDuring } from '#test-kit';
import { graphql, type GraphQLResponse } from '#test-kit';
import { registerEntries } from '#synthetic-world';
import { TimingClient } from './lib/client.ts';
import { environment, redactedUrl } from './lib/environment.ts';
import { median, round, summarize, type LatencySummary } from './lib/stats.ts';
import { REGISTER_ROWS, workloads, type Workload } from './lib/workloads.ts';
import { firstDifference } from './lib/verify.ts';
import { positiveOption } from './lib/options.ts';

const GOAL_MAX_OVERHEAD_PCT = 15;
/** The smallest seed scale (in steps of 0.25) whose register holds 1,000 entries (scale 1 has 187). */
const DEFAULT_SCALE = 5.5;
const DEFAULT_REQUESTS: Record<Workload['name'], number> = { 'W-register': 100, 'W-cases': 200 };
const DEFAULT_WARMUP = 20;
const SQL_SAMPLES = 3;

type Config = 'on' | 'off';
const CONFIGS: readonly Config[] = ['on', 'off'];

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** 'off': the stack assembled without the policy, at the gateway (its filter) and in the subgraphs (their row rules). */
const WITHOUT_POLICY = {
  subgraphs: defaultSubgraphParts({ leaveOut: ['enforcement'] }),
  gateway: defaultGatewayParts({ leaveOut: ['policy-filter'] }),
};

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      requests: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: node bench/enforcement.ts [--scale N] [--requests N] [--warmup N] [--concurrency N] [--quick]');
    process.exit(0);
  }
  const quick = values.quick;
  const requestsOverride = values.requests === undefined ? undefined : positiveOption('requests', values.requests, 1);
  return {
    scale: positiveOption('scale', values.scale, DEFAULT_SCALE, { integer: false }),
    requests: (name: Workload['name']) => requestsOverride ?? (quick ? 10 : DEFAULT_REQUESTS[name]),
    warmup: positiveOption('warmup', values.warmup, quick ? 3 : DEFAULT_WARMUP),
    concurrency: positiveOption('concurrency', values.concurrency, 1),
    quick,
  };
}

const body = (workload: Workload) => JSON.stringify({ query: workload.query, variables: workload.variables });

interface Verified {
  rows: number;
  errorsPerResponse: Record<Config, number>;
  /** Error codes and paths of the 'on' answer, if any (refusals). */
  onErrors: { code: unknown; path: string }[];
}

/** Both configurations must answer the same data, or the comparison measures nothing: fail loudly. */
async function verify(workload: Workload, stacks: Record<Config, RunningStack>): Promise<Verified> {
  const answers = {} as Record<Config, GraphQLResponse>;
  for (const config of CONFIGS) {
    answers[config] = await graphql(stacks[config].gatewayUrl, workload.query, { token: workload.token, variables: workload.variables });
    if (answers[config].status !== 200)
      throw new Error(`${workload.name} (${config}): HTTP ${answers[config].status}: ${JSON.stringify(answers[config].errors)}`);
  }
  if ((answers.off.errors ?? []).length > 0)
    throw new Error(`${workload.name} (off) answered with errors: ${JSON.stringify(answers.off.errors?.slice(0, 3))}`);
  const { rows } = workload.check(answers.on.data);
  workload.check(answers.off.data);
  const difference = firstDifference(answers.on.data, answers.off.data);
  if (difference)
    throw new Error(
      `${workload.name}: enforcement on and off answer different data, so they cannot be compared; first difference at ${difference}`,
    );
  return {
    rows,
    errorsPerResponse: { on: answers.on.errors?.length ?? 0, off: 0 },
    onErrors: (answers.on.errors ?? []).slice(0, 20).map((e) => ({ code: e.extensions?.code, path: (e.path ?? []).join('.') })),
  };
}

/** SQL statements per request and subgraph, on a few requests after warm-up (they must not vary). */
async function sqlPerRequest(workload: Workload, stack: RunningStack) {
  const samples: Record<string, number>[] = [];
  for (let i = 0; i < SQL_SAMPLES; i++) {
    const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, (requestId) =>
      graphql(stack.gatewayUrl, workload.query, { token: workload.token, variables: workload.variables, requestId }),
    );
    samples.push(perSubgraph);
  }
  const perSubgraph = samples[0]!;
  return {
    perSubgraph,
    total: Object.values(perSubgraph).reduce((sum, n) => sum + n, 0),
    stable: samples.every((s) => isDeepStrictEqual(s, perSubgraph)),
    ...(samples.every((s) => isDeepStrictEqual(s, perSubgraph)) ? {} : { samples }),
  };
}

interface Timed {
  samples: Record<Config, number[]>;
  /** Per round: median 'on' time over median 'off' time. */
  roundRatios: number[];
  errorsPerResponse: Record<Config, { min: number; max: number }>;
}

/**
 * `count` requests per configuration, in rounds of `concurrency` requests to
 * one stack then the other; the order within a round pair alternates (on,
 * off, off, on, ...), so neither configuration always follows the other.
 */
async function timed(
  workload: Workload,
  stacks: Record<Config, RunningStack>,
  client: TimingClient,
  count: number,
  concurrency: number,
): Promise<Timed> {
  const payload = body(workload);
  const samples: Record<Config, number[]> = { on: [], off: [] };
  const errors: Record<Config, { min: number; max: number }> = { on: { min: Infinity, max: 0 }, off: { min: Infinity, max: 0 } };
  const roundRatios: number[] = [];
  const rounds = Math.ceil(count / concurrency);
  for (let round = 0; round < rounds; round++) {
    const size = Math.min(concurrency, count - round * concurrency);
    const order: readonly Config[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
    const roundMs = {} as Record<Config, number[]>;
    for (const config of order) {
      const results = await Promise.all(
        Array.from({ length: size }, () => client.post(stacks[config].gatewayUrl, payload, workload.token)),
      );
      roundMs[config] = [];
      for (const { ms, status, text } of results) {
        if (status !== 200) throw new Error(`${workload.name} (${config}): HTTP ${status}: ${text.slice(0, 500)}`);
        const answer = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
        workload.check(answer.data);
        const n = answer.errors?.length ?? 0;
        errors[config] = { min: Math.min(errors[config].min, n), max: Math.max(errors[config].max, n) };
        samples[config].push(ms);
        roundMs[config].push(ms);
      }
    }
    roundRatios.push(median(roundMs.on) / median(roundMs.off));
  }
  return { samples, roundRatios, errorsPerResponse: errors };
}

async function main() {
  const opts = options();
  const startedAt = new Date();
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const storage = databaseUrl ? 'PostgreSQL' : 'PGlite';

  let registerSize = 0;
  for (const _ of registerEntries(opts.scale)) registerSize++;
  if (registerSize < REGISTER_ROWS)
    throw new Error(
      `scale ${opts.scale} seeds ${registerSize} register entries, fewer than ${REGISTER_ROWS}: use --scale ${DEFAULT_SCALE} or more`,
    );

  // Quiet services (pino logs to stdout, where the table goes), unless LOG_LEVEL says otherwise.
  const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' };
  const stacks: Partial<Record<Config, RunningStack>> = {};
  const client = new TimingClient();
  const setupStarted = performance.now();
  try {
    console.error(`starting both stacks (scale ${opts.scale}, ${storage})...`);
    stacks.on = await startStack({ scale: opts.scale, databaseUrl, env });
    // On PostgreSQL both stacks read the same schemas: the first seeds them, the second uses that data.
    stacks.off = await startStack({ scale: opts.scale, databaseUrl, parts: WITHOUT_POLICY, env, reseed: databaseUrl ? false : undefined });
    const both = stacks as Record<Config, RunningStack>;
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
    const rssAfterSetupMiB = Math.round(process.memoryUsage().rss / 1024 ** 2);
    console.error(`stacks ready in ${setupSeconds} s`);

    const results = [];
    for (const workload of await workloads()) {
      const verified = await verify(workload, both);
      console.error(
        `${workload.name}: on and off answer the same ${verified.rows} rows (errors per response: on ${verified.errorsPerResponse.on}, off 0); warming up...`,
      );
      await timed(workload, both, client, opts.warmup, opts.concurrency);
      const sql = { on: await sqlPerRequest(workload, both.on), off: await sqlPerRequest(workload, both.off) };
      const count = opts.requests(workload.name);
      console.error(`${workload.name}: measuring ${count} requests per configuration...`);
      const run = await timed(workload, both, client, count, opts.concurrency);
      const latency: Record<Config, LatencySummary> = { on: summarize(run.samples.on), off: summarize(run.samples.off) };
      const overheadPct = round((latency.on.medianMs / latency.off.medianMs - 1) * 100, 1);
      results.push({
        workload: workload.name,
        description: workload.description,
        identity: workload.identity,
        query: workload.query.replace(/\s+/g, ' ').trim(),
        variables: workload.variables,
        rows: verified.rows,
        sameDataOnAndOff: true,
        errorsPerResponse: { verified: verified.errorsPerResponse, measured: run.errorsPerResponse },
        ...(verified.onErrors.length > 0 ? { onErrors: verified.onErrors } : {}),
        latencyMs: latency,
        sqlStatementsPerRequest: sql,
        overheadPct,
        /** Median over rounds of (on / off) - 1: the same figure, paired round by round. */
        pairedOverheadPct: round((median(run.roundRatios) - 1) * 100, 1),
        meetsLatencyGoal: overheadPct <= GOAL_MAX_OVERHEAD_PCT,
        sqlStatementsEqual: isDeepStrictEqual(sql.on.perSubgraph, sql.off.perSubgraph),
        /** Every measured latency, in the order sent, for re-analysis. */
        samplesMs: { on: run.samples.on.map((x) => round(x, 1)), off: run.samples.off.map((x) => round(x, 1)) },
      });
    }

    const report = {
      benchmark: 'enforcement',
      goal: { maxMedianOverheadPct: GOAL_MAX_OVERHEAD_PCT, sqlStatementsPerRequest: 'unchanged by the row rules' },
      date: startedAt.toISOString(),
      command: ['node', ...process.execArgv, path.relative(process.cwd(), process.argv[1]!), ...process.argv.slice(2)].join(' '),
      ...environment(),
      storage,
      ...(databaseUrl ? { databaseUrl: redactedUrl(databaseUrl) } : {}),
      scale: opts.scale,
      registerEntriesSeeded: registerSize,
      settings: {
        requestsPerConfiguration: Object.fromEntries(results.map((r) => [r.workload, r.latencyMs.on.requests])),
        warmupPerConfiguration: opts.warmup,
        concurrency: opts.concurrency,
        quick: opts.quick,
        order: 'alternating rounds between the two stacks (on, off, off, on, ...)',
        latency: 'client wall time of a full POST through the gateway, until the whole body is received (undici, keep-alive)',
        quantiles: 'linear interpolation between closest ranks',
        sqlStatements: `each subgraph's statements for the request's own id (its sql-metrics part), on ${SQL_SAMPLES} requests after warm-up`,
      },
      setupSeconds,
      results,
      process: { rssAfterSetupMiB, rssAtEndMiB: Math.round(process.memoryUsage().rss / 1024 ** 2) },
    };

    mkdirSync(RESULTS_DIR, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const dated = path.join(RESULTS_DIR, `enforcement-${storage.toLowerCase()}-${stamp}${opts.quick ? '-quick' : ''}.json`);
    const text = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(dated, text);
    writeFileSync(path.join(RESULTS_DIR, 'enforcement-latest.json'), text);

    console.log(markdown(report.storage, opts.scale, results));
    console.log(`\nwritten: ${path.relative(process.cwd(), dated)} and bench/results/enforcement-latest.json`);
  } finally {
    await client.close();
    await Promise.allSettled(Object.values(stacks).map((stack) => stack.stop()));
  }
}

function markdown(storage: string, scale: number, results: any[]): string {
  const ms = (x: number) => x.toFixed(1);
  const sql = (s: { total: number; perSubgraph: Record<string, number>; stable: boolean }) =>
    `${s.total} (${Object.entries(s.perSubgraph)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')})${s.stable ? '' : ' unstable'}`;
  const lines = [
    `Enforcement on vs off: ${storage}, scale ${scale}, node ${process.version}`,
    '',
    '| workload | enforcement | requests | median ms | p90 ms | p99 ms | min ms | mean ms | SQL statements / request | errors / response |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of results) {
    for (const config of CONFIGS) {
      const l: LatencySummary = r.latencyMs[config];
      const errors = r.errorsPerResponse.measured[config];
      lines.push(
        `| ${r.workload} (${r.rows} rows) | ${config} | ${l.requests} | ${ms(l.medianMs)} | ${ms(l.p90Ms)} | ${ms(l.p99Ms)} | ${ms(l.minMs)} | ${ms(l.meanMs)} | ${sql(r.sqlStatementsPerRequest[config])} | ${errors.min === errors.max ? errors.max : `${errors.min}-${errors.max}`} |`,
      );
    }
  }
  lines.push('', '| workload | median overhead | paired overhead | ≤ 15%? | SQL statements equal? |', '|---|---:|---:|---|---|');
  for (const r of results) {
    lines.push(
      `| ${r.workload} | ${r.overheadPct >= 0 ? '+' : ''}${r.overheadPct}% | ${r.pairedOverheadPct >= 0 ? '+' : ''}${r.pairedOverheadPct}% | ${r.meetsLatencyGoal ? 'yes' : 'NO'} | ${r.sqlStatementsEqual ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
