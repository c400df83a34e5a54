/**
 * `npm run bench`: the product side by side with its peers, in one run
 * (issue 5). Seeds (or reuses) the data at a scale, starts every subgraph and
 * gateway as a process of its own, checks that every configuration answers
 * every workload with the product's data, then drives each workload through
 * each configuration in turn with autocannon at fixed concurrency for a fixed
 * time, and writes the raw results to bench/results/ and the tables to
 * bench/RESULTS.md. See bench/README.md.
 *
 *   npm run bench                                  # PGlite (data cached under .bench-data/)
 *   DATABASE_URL=postgres://...:5432/bench_run npm run bench
 *   npm run bench -- --quick                       # smoke run for CI: scale 1, a sample of each workload, W1 timed 1 s
 *
 * Goals are reported, never asserted: the script fails only when it cannot
 * measure (a process does not start, a configuration answers other data or
 * errors).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sqlStatementTotals } from '#test-kit';
import { agencyWorkloads, groupsOf, WORKLOAD_NAMES, type Workload } from '#test-kit';
import {
  CONFIGURATION_IDS,
  CONFIGURATIONS,
  startConfigurations,
  targetOf,
  type Configuration,
  type RunningConfigurations,
} from './lib/configurations.ts';
import { commandLine, databaseLabel, runDescription } from './lib/environment.ts';
import { stopWhenSignalled } from './lib/processes.ts';
import { cpuSecondsOf, drive, machineCpuSeconds, postgresCpuSecondsBetween, postgresSnapshot } from './lib/load.ts';
import {
  blockKey,
  goalStandings,
  markdownBlock,
  summarizeMeasurements,
  updateResultsFile,
  type Measurement,
  type RunReport,
} from './lib/report.ts';
import { BENCH_OPTIONS, positiveOption } from './lib/options.ts';
import { round } from './lib/stats.ts';
import { BENCH_DATA, prepareStorage } from './lib/storage.ts';
import { verifyConfiguration } from './lib/verify.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

const DEFAULTS = { scale: 50, connections: 32, seconds: 20, warmup: 5, rounds: 1 };
/**
 * A smoke run: every process started and every configuration checked on a sample of every workload (whole
 * groups, from about `requests` requests), and the timing path (load, CPU, SQL counts) run on the first workload.
 */
const QUICK = { scale: 1, seconds: 1, warmup: 1, requests: 12 };

/** The first requests of a workload, at least `at` of them, with every request of each group they start. */
function sampleOf(workload: Workload, at: number): Workload {
  const groups = new Set<string>();
  let taken = 0;
  const requests = workload.requests.filter((request, i) => {
    const group = request.group ?? `#${i}`;
    if (!groups.has(group)) {
      if (taken >= at) return false;
      groups.add(group);
    }
    taken += 1;
    return true;
  });
  return { ...workload, requests };
}

function options() {
  const { values } = parseArgs({
    options: {
      ...BENCH_OPTIONS,
      connections: { type: 'string' },
      rounds: { type: 'string' },
      configs: { type: 'string' },
      workloads: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run bench -- [--quick] [--scale N] [--connections N] [--duration S] [--warmup S] [--rounds N]\n' +
        `                        [--configs ${CONFIGURATION_IDS.join(',')}] [--workloads ${WORKLOAD_NAMES.join(',')}] [--reseed] [--cpu-prof]`,
    );
    process.exit(0);
  }
  const list = <T extends string>(name: string, text: string | undefined, all: readonly T[]): T[] => {
    if (text === undefined) return [...all];
    const chosen = text.split(',').map((s) => s.trim());
    for (const item of chosen)
      if (!(all as readonly string[]).includes(item)) throw new Error(`--${name}: "${item}" is not one of ${all.join(', ')}`);
    return all.filter((item) => chosen.includes(item));
  };
  const quick = values.quick;
  return {
    quick,
    scale: positiveOption('scale', values.scale, quick ? QUICK.scale : DEFAULTS.scale),
    connections: positiveOption('connections', values.connections, DEFAULTS.connections),
    seconds: positiveOption('duration', values.duration, quick ? QUICK.seconds : DEFAULTS.seconds),
    warmup: positiveOption('warmup', values.warmup, quick ? QUICK.warmup : DEFAULTS.warmup),
    rounds: positiveOption('rounds', values.rounds, DEFAULTS.rounds),
    configurations: list('configs', values.configs, CONFIGURATION_IDS).map((id) => CONFIGURATIONS[id]),
    workloads: list('workloads', values.workloads, WORKLOAD_NAMES),
    reseed: values.reseed,
    cpuProfile: values['cpu-prof'],
  };
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Every other round runs the configurations in the opposite order, so drift in the machine's load does not always favour the same one. */
const inTurn = (configurations: readonly Configuration[], roundIndex: number) =>
  roundIndex % 2 === 0 ? configurations : [...configurations].reverse();

async function measure(options: {
  workload: Workload;
  configuration: Configuration;
  running: RunningConfigurations;
  connections: number;
  warmup: number;
  seconds: number;
  round: number;
  /** The PostgreSQL database holding the data, on this machine (whose CPU time is then counted); none on PGlite. */
  postgres?: string;
}): Promise<Measurement | null> {
  const { workload, configuration, running } = options;
  const target = targetOf(configuration, workload, running);
  if (!target) return null;
  for (const p of running.all()) p.assertAlive();
  const set = running.sets[configuration.subgraphs]!;
  const gateway = configuration.gateway ? running.gateways[configuration.gateway]!.process : undefined;
  gateway?.resetPeakRss();
  await drive({ ...target, connections: options.connections, seconds: options.warmup, requests: workload.requests });

  const sqlBefore = await sqlStatementTotals(set.urls);
  const cpuOf = () => ({
    gateway: gateway ? cpuSecondsOf(gateway.pid) : null,
    subgraphs: Object.fromEntries(Object.entries(set.processes).map(([name, p]) => [name, cpuSecondsOf(p.pid)])),
    self: process.cpuUsage(),
    bench: running.all().reduce((sum, p) => sum + (cpuSecondsOf(p.pid) ?? 0), 0),
    postgres: options.postgres ? postgresSnapshot() : undefined,
    machine: machineCpuSeconds(),
  });
  const before = cpuOf();
  const load = await drive({ ...target, connections: options.connections, seconds: options.seconds, requests: workload.requests });
  const after = cpuOf();
  const sqlAfter = await sqlStatementTotals(set.urls);
  for (const p of running.all()) p.assertAlive();

  const n = Math.max(load.responses, 1);
  const perRequest = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined ? null : round(((b - a) * 1000) / n, 3);
  const sql = Object.keys(sqlAfter).reduce((sum, name) => sum + sqlAfter[name]! - sqlBefore[name]!, 0);
  const self = (after.self.user + after.self.system - before.self.user - before.self.system) / 1e6;
  const machineTotal = before.machine && after.machine ? after.machine.total - before.machine.total : null;
  const machine =
    machineTotal && before.machine && after.machine ? round(((after.machine.busy - before.machine.busy) / machineTotal) * 100, 1) : null;
  // What the rest of the shared machine used meanwhile: busy time that is not this run's processes, PostgreSQL's, or the load generator's.
  const postgres =
    options.postgres && before.postgres && after.postgres
      ? postgresCpuSecondsBetween(before.postgres, after.postgres, options.postgres)
      : 0;
  const ours = after.bench - before.bench + postgres + self;
  const others =
    machineTotal && before.machine && after.machine
      ? round(((after.machine.busy - before.machine.busy - ours) / machineTotal) * 100, 1)
      : null;
  return {
    round: options.round,
    workload: workload.name,
    configuration: configuration.id,
    load,
    sqlPerRequestUnderLoad: round(sql / n, 2),
    cpu: {
      gatewayMsPerRequest: perRequest(before.gateway, after.gateway),
      subgraphsMsPerRequest: Object.fromEntries(
        Object.keys(set.processes).map((name) => [name, perRequest(before.subgraphs[name], after.subgraphs[name])]),
      ),
      postgresMsPerRequest: options.postgres ? round((postgres * 1000) / n, 3) : null,
      loadGeneratorMsPerRequest: round((self * 1000) / n, 3),
      machineBusyPct: machine,
      otherWorkPct: others === null ? null : Math.max(0, others),
    },
    gatewayPeakRssMiB: gateway?.peakRssMiB() ?? null,
  };
}

async function main() {
  const opts = options();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const runDir = path.join(BENCH_DATA, 'logs', stamp);

  const storage = await prepareStorage({
    databaseUrl,
    sets: [...new Set(opts.configurations.map((c) => c.subgraphs))],
    scale: opts.scale,
    reseed: opts.reseed,
    log,
  });
  let running: RunningConfigurations | undefined;
  stopWhenSignalled(async () => running?.stop(), storage.release, log);
  try {
    const database = await databaseLabel(databaseUrl);
    const startBegan = performance.now();
    running = await startConfigurations({
      configurations: opts.configurations,
      storage: storage.sets,
      logDir: runDir,
      nodeFlags: opts.cpuProfile
        ? (label) => ['--cpu-prof', `--cpu-prof-dir=${path.join(runDir, `profile-${label.replace(/ /g, '-')}`)}`]
        : undefined,
      log,
    });
    const startSeconds = round((performance.now() - startBegan) / 1000, 1);
    const gatewayRssAfterStartMiB = Object.fromEntries(Object.values(running.gateways).map((g) => [g.name, g.process.peakRssMiB()]));
    log(`every process is ready (${startSeconds} s); logs in ${path.relative(process.cwd(), runDir)}/`);

    const chosen = (await agencyWorkloads(opts.scale)).filter((w) => opts.workloads.includes(w.name));
    const workloads: Workload[] = opts.quick ? chosen.map((w) => sampleOf(w, QUICK.requests)) : chosen;
    const timed = opts.quick ? workloads.slice(0, 1) : workloads;
    for (const workload of timed) {
      // Connection i sends group i % groups (bench/lib/load.ts): with fewer groups, two connections write the same rows.
      // (A quick run's sample holds a group or two, and its figures mean nothing.)
      const groups = groupsOf(workload.requests).length;
      if (!opts.quick && groups > 0 && groups < opts.connections) {
        throw new Error(
          `${workload.name} has ${groups} groups of requests (one person's steps each) at scale ${opts.scale} for ${opts.connections} connections: two connections would write the same rows at once and the version checks would refuse one; raise --scale or lower --connections`,
        );
      }
    }

    // The product's answers are the reference every other configuration must give.
    const verification: RunReport['verification'] = {};
    const byReference = [...opts.configurations].sort((x, y) => (x.id === 'c' ? -1 : y.id === 'c' ? 1 : 0));
    for (const workload of workloads) {
      verification[workload.name] = {};
      let reference: Map<string, unknown> | undefined;
      for (const configuration of byReference) {
        const target = targetOf(configuration, workload, running);
        if (!target) continue;
        const verified = await verifyConfiguration({
          workload,
          label: configuration.label,
          ...target,
          subgraphUrls: running.sets[configuration.subgraphs]!.urls,
          reference,
        });
        // Writes answer with what they created (new ids): each configuration's answers are checked on their own.
        if (!workload.writes) reference ??= verified.answers;
        verification[workload.name]![configuration.id] = { rows: verified.rows, sqlPerRequest: verified.sqlPerRequest };
      }
      const rows = Object.values(verification[workload.name]!)[0]?.rows ?? [];
      log(
        `${workload.name}: every configuration answers its ${rows.length} requests with the same data (${Math.min(...rows)} to ${Math.max(...rows)} rows each)`,
      );
    }

    const measurements: Measurement[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      for (const workload of timed) {
        for (const configuration of inTurn(opts.configurations, r)) {
          const m = await measure({
            workload,
            configuration,
            running,
            connections: opts.connections,
            warmup: opts.warmup,
            seconds: opts.seconds,
            round: r + 1,
            postgres: databaseUrl ? new URL(databaseUrl).pathname.slice(1) : undefined,
          });
          if (!m) continue;
          measurements.push(m);
          log(
            `round ${r + 1} ${workload.name} ${configuration.label}: ${m.load.requestsPerSecond} req/s, p50 ${m.load.latencyMs.medianMs} ms, p99 ${m.load.latencyMs.p99Ms} ms, errors ${m.load.errors.total}, gateway peak RSS ${m.gatewayPeakRssMiB ?? '–'} MiB, other work on the machine ${m.cpu.otherWorkPct ?? '?'}%`,
          );
        }
      }
    }

    // For perspective on the W1 latency goal: the same requests one at a time, through each gateway.
    const unloaded: RunReport['w1AtOneConnection'] = {};
    const w1 = workloads.find((w) => w.name === 'W1');
    for (const configuration of w1 ? opts.configurations.filter((c) => c.gateway) : []) {
      const target = targetOf(configuration, w1!, running)!;
      await drive({ ...target, connections: 1, seconds: Math.min(opts.warmup, 2), requests: w1!.requests });
      const load = await drive({ ...target, connections: 1, seconds: Math.min(opts.seconds, 10), requests: w1!.requests });
      unloaded[configuration.id] = {
        requestsPerSecond: load.requestsPerSecond,
        p50Ms: load.latencyMs.medianMs,
        p99Ms: load.latencyMs.p99Ms,
        errors: load.errors.total,
      };
      log(`W1 ${configuration.label} at 1 connection: p50 ${load.latencyMs.medianMs} ms, p99 ${load.latencyMs.p99Ms} ms`);
    }

    // Only a full run (every configuration and workload, no profiler) is a result; the rest go to results/tmp/ (git-ignored).
    const full =
      !opts.quick &&
      !opts.cpuProfile &&
      opts.configurations.length === CONFIGURATION_IDS.length &&
      opts.workloads.length === WORKLOAD_NAMES.length;
    const outDir = full ? RESULTS_DIR : path.join(RESULTS_DIR, 'tmp');
    const file = path.join(outDir, `peers-${storage.kind.toLowerCase()}-scale-${opts.scale}-${stamp}${opts.quick ? '-quick' : ''}.json`);
    const report: RunReport = {
      benchmark: 'peers',
      ...runDescription({
        startedAt,
        command: commandLine('bench'),
        database,
        storage: storage.kind,
        scale: opts.scale,
        quick: opts.quick,
      }),
      settings: {
        connections: opts.connections,
        warmupSeconds: opts.warmup,
        seconds: opts.seconds,
        rounds: opts.rounds,
        configurations: opts.configurations.map((c) => c.id),
      },
      configurations: opts.configurations.map(({ id, label, description }) => ({ id, label, description })),
      workloads: workloads.map((w) => ({
        name: w.name,
        title: w.title,
        description: w.description,
        subgraph: w.subgraph,
        requests: w.requests.map((r) => r.label),
      })),
      setup: { seeded: storage.seeded, seedSeconds: storage.seedSeconds, startSeconds, gatewayRssAfterStartMiB },
      verification,
      measurements,
      w1AtOneConnection: unloaded,
      summary: [],
      files: { results: path.relative(path.dirname(path.dirname(RESULTS_DIR)), file) },
    };
    report.summary = summarizeMeasurements(report);

    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    if (full) updateResultsFile(RESULTS_FILE, report, RESULTS_DIR);
    console.log(markdownBlock(report));
    const goals = goalStandings(report);
    console.log(
      `\nwritten: ${path.relative(process.cwd(), file)}${full ? ` and the "${blockKey(report)}" block of bench/RESULTS.md` : ''}`,
    );
    if (goals.perWorkload.some((g) => g.meetsPlain === false || g.meetsHive === false) || goals.w1P99Met === false)
      log('some goals are missed (reported above, not asserted)');
  } finally {
    await running?.stop();
    storage.release();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
