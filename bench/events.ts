/**
 * `npm run bench:events`: how fast a verdict reaches the register (issue 13,
 * item 8), on each transport of the events (docs/events.md): the embedded
 * relay over signed internal HTTP, and NATS JetStream when NATS_URL is set.
 * See bench/README.md.
 *
 *   npm run bench:events                                     # PGlite (data cached under .bench-data/), HTTP
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_events NATS_URL=nats://127.0.0.1:4222 npm run bench:events
 *   npm run bench:events -- --quick                          # smoke run for CI
 *
 * For each transport, the product runs as `npm start` runs it (four
 * subgraphs and the gateway, each a process of its own) on the synthetic
 * world at --scale, and:
 *
 * 1. steady load: the special courts record verdicts through the gateway at
 *    each --rates for --duration seconds (open loop: verdict i is sent at
 *    i/rate whatever the answers before), each on a seeded trial whose
 *    charges are framed, convicting one accused, while the National Police
 *    Bureau polls the gateway for each convict's register entry
 *    (lib/register-watch.ts); the delay from the verdict's answer to the
 *    entry read, p50/p99/max, and the rate achieved;
 * 2. one relay's throughput: the courts subgraph restarted with its relay off
 *    (EVENTS_RELAY=off) records --drain verdicts, whose events (a
 *    VerdictRecorded and a ConvictionRecorded each) wait in its outbox; then
 *    restarted with its relay on, the one relay of the run, which delivers
 *    them: events per second from its first claim to its last delivery, and
 *    how soon the consumers (the register, the cases subgraph) applied them,
 *    on the databases' own times (lib/event-timings.ts).
 *
 * Reports; never asserts a figure. Fails when it cannot measure: a process
 * does not start, a verdict is refused, or an entry never appears (an event
 * lost is a defect, not a figure).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, eventSettingsFromEnv } from '#events';
import { tokenFor } from '#test-kit';
import { SUBGRAPH_NAMES } from '../subgraphs/index.ts';
import { TimingClient } from './lib/client.ts';
import { commandLine, databaseLabel, redactedUrl, runDescription } from './lib/environment.ts';
import { stopWhenSignalled } from './lib/processes.ts';
import { convictionDelays, eventTimes } from './lib/event-timings.ts';
import { type RunningGraph, startGraph } from './lib/graph-processes.ts';
import { BENCH_OPTIONS, positiveOption } from './lib/options.ts';
import { type DrainFigures, type DrainRun, drainFigures, drainOutbox } from './lib/relay-drain.ts';
import { round } from './lib/stats.ts';
import { type SteadyResult, steadyVerdicts } from './lib/steady-verdicts.ts';
import { BENCH_DATA, prepareStorage, type PreparedStorage } from './lib/storage.ts';
import { Courts, pendingVerdicts, stillPending, type VerdictToRecord } from './lib/verdicts.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const TRANSPORTS = ['http', 'nats'] as const;
type Transport = (typeof TRANSPORTS)[number];

/** `scalePerTransport`: about 1,800 seeded trials await a verdict at scale 15, enough for one transport's 1,645 verdicts. */
const DEFAULTS = { scalePerTransport: 15, rates: [5, 20, 50], seconds: 15, warmup: 20, drain: 500, pollMs: 25 };
const QUICK = { scale: 1, rates: [10], seconds: 2, warmup: 5, drain: 20 };

function options() {
  const { values } = parseArgs({
    options: {
      ...BENCH_OPTIONS,
      rates: { type: 'string' },
      drain: { type: 'string' },
      'poll-ms': { type: 'string' },
      transports: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run bench:events -- [--quick] [--scale N] [--rates 5,20,50] [--duration S] [--warmup N] [--drain N] [--poll-ms MS]\n' +
        '                               [--transports http,nats] [--reseed]',
    );
    process.exit(0);
  }
  const quick = values.quick;
  const rates = (values.rates ?? (quick ? QUICK.rates : DEFAULTS.rates).join(','))
    .split(',')
    .map((r) => positiveOption('rates', r.trim(), 1, { integer: false }));
  const transports = (values.transports ?? (process.env.NATS_URL ? 'http,nats' : 'http')).split(',').map((t) => t.trim());
  for (const t of transports)
    if (!(TRANSPORTS as readonly string[]).includes(t)) throw new Error(`--transports: "${t}" is not one of ${TRANSPORTS.join(', ')}`);
  if (transports.includes('nats') && !process.env.NATS_URL) throw new Error('--transports nats needs NATS_URL (nats://127.0.0.1:4222)');
  return {
    quick,
    scale: positiveOption('scale', values.scale, quick ? QUICK.scale : DEFAULTS.scalePerTransport * transports.length),
    rates,
    seconds: positiveOption('duration', values.duration, quick ? QUICK.seconds : DEFAULTS.seconds, { integer: false }),
    warmup: positiveOption('warmup', values.warmup, quick ? QUICK.warmup : DEFAULTS.warmup),
    drain: positiveOption('drain', values.drain, quick ? QUICK.drain : DEFAULTS.drain),
    pollMs: positiveOption('poll-ms', values['poll-ms'], DEFAULTS.pollMs),
    transports: TRANSPORTS.filter((t) => transports.includes(t)),
    reseed: values.reseed,
  };
}
type Options = ReturnType<typeof options>;

const log = (line: string) => console.error(`[bench:events ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** A phase of steady load, with where its delay went on the databases' clock. */
type SteadyPhase = SteadyResult & { afterVerdictTransaction: ReturnType<typeof convictionDelays> };

interface TransportResult {
  transport: Transport;
  /** The events' settings in every process (docs/events.md), as the environment gave them. */
  eventSettings: Omit<ReturnType<typeof eventSettingsFromEnv>, 'natsUrl'> & { natsUrl?: string };
  startSeconds: number;
  warmup: SteadyResult;
  steady: SteadyPhase[];
  drain: DrainRun & DrainFigures;
}

async function measureTransport(
  transport: Transport,
  verdicts: VerdictToRecord[],
  context: { opts: Options; storage: PreparedStorage; runDir: string; postgres?: string; stopping: { graph?: RunningGraph } },
): Promise<TransportResult> {
  const { opts, postgres } = context;
  const stream = `BENCH_EVENTS_${process.pid}_${Date.now().toString(36)}`;
  const env: NodeJS.ProcessEnv =
    transport === 'nats'
      ? { NATS_URL: process.env.NATS_URL, EVENTS_NATS_STREAM: stream, EVENTS_NATS_SUBJECT_PREFIX: `bench.${stream}` }
      : {};
  const { natsUrl, ...eventSettings } = eventSettingsFromEnv({ ...process.env, NATS_URL: undefined, ...env });
  const take = (n: number) => verdicts.splice(0, n);
  const trialsOf = (batch: readonly VerdictToRecord[]) => batch.map((v) => v.trialId);
  log(`${transport}: starting the graph${transport === 'nats' ? ` (stream ${stream})` : ''}...`);
  const began = performance.now();
  const graph = await startGraph({ storage: context.storage.sets.shipped!, env, logDir: path.join(context.runDir, transport), log });
  context.stopping.graph = graph;
  const client = new TimingClient();
  const phases: { result: SteadyResult; trials: string[] }[] = [];
  let warmup: SteadyResult;
  let drain: { run: DrainRun; trials: string[] };
  const startSeconds = round((performance.now() - began) / 1000, 1);
  try {
    const courts = new Courts(client, graph.gatewayUrl);
    const npbToken = await tokenFor({ agency: 'NPB', sub: 'bench-npb-register-watch' });
    const steady = async (ratePerSecond: number, count: number) => {
      const batch = take(count);
      const result = await steadyVerdicts({ graph, courts, verdicts: batch, ratePerSecond, pollMs: opts.pollMs, npbToken, postgres, log });
      return { result, trials: trialsOf(batch) };
    };
    log(`${transport}: warm-up, ${opts.warmup} verdicts at ${opts.rates[0]}/s...`);
    warmup = (await steady(opts.rates[0]!, opts.warmup)).result;
    for (const rate of opts.rates) {
      const phase = await steady(rate, Math.round(rate * opts.seconds));
      phases.push(phase);
      const r = phase.result;
      log(
        `${transport} at ${rate}/s: ${r.recorded} verdicts (${r.achievedPerSecond}/s achieved, p50 ${r.verdictLatencyMs.medianMs} ms each); ` +
          `verdict answered to entry read p50 ${r.delayMs.medianMs} ms, p99 ${r.delayMs.p99Ms} ms, max ${r.delayMs.maxMs} ms; other work on the machine ${r.cpu.otherWorkPct ?? '?'}%`,
      );
    }
    const batch = take(opts.drain);
    drain = { run: await drainOutbox({ graph, courts, verdicts: batch, postgres, log }), trials: trialsOf(batch) };
  } finally {
    await client.close();
    await graph.stop();
    context.stopping.graph = undefined;
    if (transport === 'nats') await dropStream(stream);
  }
  // The processes stopped (a PGlite directory has one owner): the events' own times.
  const times = await eventTimes(
    context.storage.sets.shipped!,
    [...phases.flatMap((p) => p.trials), ...drain.trials],
    eventSettings.leaseMs,
  );
  const ofTrials = (trials: readonly string[]) => {
    const set = new Set(trials);
    return times.filter((t) => set.has(t.trialId));
  };
  const figures = drainFigures(ofTrials(drain.trials), drain.run.cpu);
  log(
    `${transport} drain: one relay delivered ${figures.events} events in ${figures.relaySeconds ?? '?'} s, ${figures.eventsPerSecond ?? '?'} events/s; ` +
      `the register applied its ${figures.applied.register?.events} in ${figures.applied.register?.seconds ?? '?'} s, the cases subgraph its ${figures.applied.cases?.events} in ${figures.applied.cases?.seconds ?? '?'} s`,
  );
  return {
    transport,
    eventSettings: natsUrl ? { ...eventSettings, natsUrl: redactedUrl(natsUrl) } : eventSettings,
    startSeconds,
    warmup: warmup!,
    steady: phases.map((p) => ({ ...p.result, afterVerdictTransaction: convictionDelays(ofTrials(p.trials)) })),
    drain: { ...drain!.run, ...figures },
  };
}

async function dropStream(stream: string) {
  const connection = await connectNats(process.env.NATS_URL!, 'bench-events-cleanup');
  try {
    await (await jetstreamManager(connection)).streams.delete(stream).catch(() => false);
  } finally {
    await connection.close();
  }
}

async function main() {
  const opts = options();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const runDir = path.join(BENCH_DATA, 'logs', `events-${stamp}`);
  const perTransport = opts.warmup + opts.rates.reduce((sum, rate) => sum + Math.round(rate * opts.seconds), 0) + opts.drain;
  const needed = perTransport * opts.transports.length;

  let storage = await prepareStorage({ databaseUrl, sets: ['shipped'], scale: opts.scale, reseed: opts.reseed, log });
  let verdicts = pendingVerdicts(opts.scale);
  if (databaseUrl) {
    verdicts = await stillPending(databaseUrl, verdicts);
    if (verdicts.length < needed && !storage.seeded) {
      log(`only ${verdicts.length} trials still wait for a verdict (earlier runs decided the rest); reseeding`);
      storage = await prepareStorage({ databaseUrl, sets: ['shipped'], scale: opts.scale, reseed: true, log });
      verdicts = await stillPending(databaseUrl, pendingVerdicts(opts.scale));
    }
  }
  if (verdicts.length < needed)
    throw new Error(
      `the run needs ${needed} trials awaiting a verdict and scale ${opts.scale} has ${verdicts.length}: raise --scale (about 120 a scale)`,
    );

  const stopping: { graph?: RunningGraph } = {};
  stopWhenSignalled(async () => stopping.graph?.stop(), storage.release, log);
  try {
    const database = await databaseLabel(databaseUrl);
    const postgres = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : undefined;
    const results: TransportResult[] = [];
    for (const transport of opts.transports)
      results.push(await measureTransport(transport, verdicts, { opts, storage, runDir, postgres, stopping }));

    const report = {
      benchmark: 'events',
      ...runDescription({
        startedAt,
        command: commandLine('bench:events', ['DATABASE_URL', 'NATS_URL']),
        database,
        storage: storage.kind,
        scale: opts.scale,
        quick: opts.quick,
      }),
      settings: {
        ratesPerSecond: opts.rates,
        secondsPerRate: opts.seconds,
        warmupVerdicts: opts.warmup,
        drainVerdicts: opts.drain,
        registerPollMs: opts.pollMs,
        processes: `${SUBGRAPH_NAMES.join(', ')} and the gateway, each a process of its own (npm start's entries), on one machine`,
      },
      setup: { seeded: storage.seeded, seedSeconds: storage.seedSeconds },
      transports: results,
    };
    // Only a run with the default load is a result; a quick or partial one goes to results/tmp/ (git-ignored).
    const full =
      !opts.quick &&
      opts.rates.join() === DEFAULTS.rates.join() &&
      opts.seconds === DEFAULTS.seconds &&
      opts.drain === DEFAULTS.drain &&
      opts.pollMs === DEFAULTS.pollMs;
    const outDir = full ? RESULTS_DIR : path.join(RESULTS_DIR, 'tmp');
    const file = path.join(outDir, `events-${storage.kind.toLowerCase()}-${stamp}${full ? '' : opts.quick ? '-quick' : '-partial'}.json`);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    if (full) writeFileSync(path.join(RESULTS_DIR, 'events-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(markdown(report.database, results));
    console.log(`\nwritten: ${path.relative(process.cwd(), file)}${full ? ' and bench/results/events-latest.json' : ''}`);
    const lost = results.flatMap((r) => [r.warmup, ...r.steady]).reduce((sum, s) => sum + s.entriesNeverRead + s.refused, 0);
    const drainRefused = results.reduce((sum, r) => sum + r.drain.refused + (r.drain.eventsPerSecond === null ? 1 : 0), 0);
    if (lost + drainRefused > 0) throw new Error(`${lost + drainRefused} verdicts refused or register entries never read (above)`);
  } finally {
    await stopping.graph?.stop();
    storage.release();
  }
}

const fixed = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

function markdown(database: string, results: readonly TransportResult[]): string {
  const lines = [
    `### Verdict to register entry, ${database}`,
    '',
    '| transport | verdicts/s asked | achieved | recordVerdict p50 / p99 ms | verdict answered → entry read p50 / p99 / max ms | register applied after the verdict began, p50 / p99 ms | entries | CPU ms a verdict | other work on the machine |',
    '|---|---:|---:|---|---|---|---:|---:|---:|',
  ];
  for (const r of results)
    for (const s of r.steady) {
      const applied = s.afterVerdictTransaction.registerAppliedMs;
      lines.push(
        `| ${r.transport} | ${s.targetPerSecond} | ${fixed(s.achievedPerSecond, 1)} | ${fixed(s.verdictLatencyMs.medianMs)} / ${fixed(s.verdictLatencyMs.p99Ms)} | **${fixed(s.delayMs.medianMs)} / ${fixed(s.delayMs.p99Ms)}** / ${fixed(s.delayMs.maxMs)} | ${fixed(applied.medianMs)} / ${fixed(applied.p99Ms)} | ${s.delayMs.requests}${s.entriesNeverRead ? ` (${s.entriesNeverRead} never)` : ''} | ${fixed(s.cpuMsPerVerdict)} | ${fixed(s.cpu.otherWorkPct)}% |`,
      );
    }
  lines.push(
    '',
    '| transport | events | one relay: events/s | register applied its events after | cases applied its events after | CPU ms an event: relay process / all | other work on the machine |',
    '|---|---:|---:|---:|---:|---|---:|',
  );
  for (const r of results) {
    const d = r.drain;
    lines.push(
      `| ${r.transport} | ${d.events} | **${fixed(d.eventsPerSecond, 1)}** | ${fixed(d.applied.register?.seconds, 2)} s | ${fixed(d.applied.cases?.seconds, 2)} s | ${fixed(d.relayProcessCpuMsPerEvent, 1)} / ${fixed(d.graphCpuMsPerEvent, 1)} | ${fixed(d.cpu.otherWorkPct)}% |`,
    );
  }
  return lines.join('\n');
}

// A failure ends the process with its error and exit code 1; success exits, whatever handle is left open.
await main();
process.exit(0);
