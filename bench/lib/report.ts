/**
 * What `npm run bench` writes: the raw results (bench/results/*.json) and,
 * from them, the tables of bench/RESULTS.md. Each full run replaces its own
 * block of RESULTS.md (one per storage and scale), between markers, and the
 * hand-written text around the blocks stays as it is.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIGURATIONS, type ConfigurationId } from './configurations.ts';
import type { LoadResult } from './load.ts';
import { median, round } from './stats.ts';

/** The goals of issue 5, item 4. */
export const GOALS = {
  /** (c) throughput at least this share of (b)'s, on every workload. */
  minProductOverPlain: 0.85,
  /** (c) throughput at least (d)'s on these workloads. */
  atLeastHiveOn: ['W1', 'W2', 'W3'],
  /** p99 of W1 under this many ms... */
  w1P99Ms: 50,
  /** ...at this many connections. */
  w1Connections: 32,
  /** Gateway peak RSS under this many MiB. */
  maxGatewayRssMiB: 300,
  /** At --scale 500, throughput within this share of the small-scale figure. */
  maxScaleLoss: 0.2,
} as const;

export interface Measurement {
  round: number;
  workload: string;
  configuration: ConfigurationId;
  load: LoadResult;
  /** SQL statements per response while under load (the statement counters' deltas over the responses). */
  sqlPerRequestUnderLoad: number;
  /** CPU milliseconds per response of each process of the configuration, of the load generator, and the machine's busy share. */
  cpu: {
    gatewayMsPerRequest: number | null;
    subgraphsMsPerRequest: Record<string, number | null>;
    /** Every PostgreSQL server process of the machine (null on PGlite, whose work is the subgraphs'). */
    postgresMsPerRequest: number | null;
    loadGeneratorMsPerRequest: number;
    machineBusyPct: number | null;
    /** CPU the rest of the shared machine used meanwhile (not this run's processes, PostgreSQL, or the load generator), % of all cores. */
    otherWorkPct: number | null;
  };
  gatewayPeakRssMiB: number | null;
}

export interface Summary {
  workload: string;
  configuration: ConfigurationId;
  rounds: number;
  requestsPerSecond: number;
  /** Lowest and highest req/s over the rounds. */
  requestsPerSecondRange: [number, number];
  p50Ms: number;
  p99Ms: number;
  errors: number;
  responses: number;
  gatewayPeakRssMiB: number | null;
  sqlPerRequest: number;
  /** The same, counted under load: lower where a gateway shared one subgraph answer between identical requests in flight. */
  sqlPerRequestUnderLoad: number;
  gatewayCpuMsPerRequest: number | null;
  subgraphsCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  /** The most CPU the rest of the shared machine used during a round, % of all cores. */
  otherWorkPct: number | null;
}

export interface WorkloadInfo {
  name: string;
  title: string;
  description?: string;
  subgraph?: string;
  requests?: string[];
  unavailable?: string;
}

export interface RunReport {
  benchmark: 'peers';
  date: string;
  command: string;
  machine: { cpuModel: string; cpuCount: number; totalMemoryGiB: number; os: string };
  node: string;
  packages: Record<string, string | null>;
  database: string;
  storage: 'PostgreSQL' | 'PGlite';
  scale: number;
  casesSeeded: number;
  quick: boolean;
  settings: { connections: number; warmupSeconds: number; seconds: number; rounds: number; configurations: ConfigurationId[] };
  configurations: { id: ConfigurationId; label: string; description: string }[];
  workloads: WorkloadInfo[];
  setup: { seeded: boolean; seedSeconds: number; startSeconds: number; gatewayRssAfterStartMiB: Record<string, number | null> };
  verification: Record<
    string,
    Partial<Record<ConfigurationId, { rows: number[]; sqlPerRequest: { total: number; perSubgraph: Record<string, number> } }>>
  >;
  measurements: Measurement[];
  /** W1 sent one request at a time through each gateway (10 s): latency without queueing. */
  w1AtOneConnection?: Partial<Record<ConfigurationId, { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number }>>;
  summary: Summary[];
  files: { results: string };
}

export function summarizeMeasurements(report: Pick<RunReport, 'measurements' | 'verification'>): Summary[] {
  const groups = Map.groupBy(report.measurements, (m) => `${m.workload}\u0000${m.configuration}`);
  return [...groups.values()].map((ms) => {
    const { workload, configuration } = ms[0]!;
    const rps = ms.map((m) => m.load.requestsPerSecond);
    const peaks = ms.map((m) => m.gatewayPeakRssMiB).filter((x): x is number => x !== null);
    const gatewayCpu = ms.map((m) => m.cpu.gatewayMsPerRequest).filter((x): x is number => x !== null);
    const subgraphCpu = ms.map((m) => Object.values(m.cpu.subgraphsMsPerRequest).reduce<number>((sum, x) => sum + (x ?? 0), 0));
    return {
      workload,
      configuration,
      rounds: ms.length,
      requestsPerSecond: round(median(rps), 1),
      requestsPerSecondRange: [Math.min(...rps), Math.max(...rps)],
      p50Ms: round(median(ms.map((m) => m.load.latencyMs.medianMs)), 1),
      p99Ms: round(median(ms.map((m) => m.load.latencyMs.p99Ms)), 1),
      errors: ms.reduce((sum, m) => sum + m.load.errors.total, 0),
      responses: ms.reduce((sum, m) => sum + m.load.responses, 0),
      gatewayPeakRssMiB: peaks.length ? Math.max(...peaks) : null,
      sqlPerRequest:
        report.verification[workload]?.[configuration]?.sqlPerRequest.total ?? round(median(ms.map((m) => m.sqlPerRequestUnderLoad)), 1),
      sqlPerRequestUnderLoad: round(median(ms.map((m) => m.sqlPerRequestUnderLoad)), 1),
      gatewayCpuMsPerRequest: gatewayCpu.length ? round(median(gatewayCpu), 2) : null,
      subgraphsCpuMsPerRequest: round(median(subgraphCpu), 2),
      postgresCpuMsPerRequest: ms.some((m) => m.cpu.postgresMsPerRequest !== null)
        ? round(median(ms.map((m) => m.cpu.postgresMsPerRequest ?? 0)), 2)
        : null,
      otherWorkPct: ms.some((m) => m.cpu.otherWorkPct !== null) ? Math.max(...ms.map((m) => m.cpu.otherWorkPct ?? 0)) : null,
    };
  });
}

const fixed = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const ratio = (a: Summary | undefined, b: Summary | undefined) =>
  a && b && b.requestsPerSecond > 0 ? round(a.requestsPerSecond / b.requestsPerSecond, 2) : null;
const yesNo = (ok: boolean | null) => (ok === null ? '–' : ok ? 'met' : '**missed**');

export interface GoalStanding {
  workload: string;
  productOverPlain: number | null;
  productOverHive: number | null;
  meetsPlain: boolean | null;
  meetsHive: boolean | null;
}

export function goalStandings(report: RunReport): {
  perWorkload: GoalStanding[];
  w1P99Ms: number | null;
  w1P99Met: boolean | null;
  maxGatewayRss: { gateway: string; mib: number } | null;
} {
  const find = (workload: string, configuration: ConfigurationId) =>
    report.summary.find((s) => s.workload === workload && s.configuration === configuration);
  const perWorkload = report.workloads
    .filter((w) => !w.unavailable)
    .map((w) => {
      const c = find(w.name, 'c');
      const productOverPlain = ratio(c, find(w.name, 'b'));
      const productOverHive = ratio(c, find(w.name, 'd'));
      return {
        workload: w.name,
        productOverPlain,
        productOverHive,
        meetsPlain: productOverPlain === null ? null : productOverPlain >= GOALS.minProductOverPlain,
        meetsHive: productOverHive === null || !(GOALS.atLeastHiveOn as readonly string[]).includes(w.name) ? null : productOverHive >= 1,
      };
    });
  const w1 = find('W1', 'c');
  const rss = report.summary
    .filter((s) => s.gatewayPeakRssMiB !== null)
    .map((s) => ({ gateway: s.configuration, mib: s.gatewayPeakRssMiB! }));
  const productRss = rss.filter((r) => r.gateway === 'c');
  return {
    perWorkload,
    w1P99Ms: w1?.p99Ms ?? null,
    w1P99Met: w1 && report.settings.connections === GOALS.w1Connections ? w1.p99Ms < GOALS.w1P99Ms : null,
    maxGatewayRss: productRss.length ? productRss.reduce((a, b) => (b.mib > a.mib ? b : a)) : null,
  };
}

/** The markdown block of one run: settings, the figures of every configuration, the ratios and the goals. */
export function markdownBlock(report: RunReport): string {
  const lines: string[] = [];
  const versions = ['@apollo/gateway', '@apollo/server', '@graphql-hive/gateway', 'graphql', '@mikro-orm/core', 'autocannon']
    .map((name) => `${name} ${report.packages[name] ?? '?'}`)
    .join(', ');
  lines.push(
    `### ${report.storage}, scale ${report.scale} (${report.casesSeeded.toLocaleString('en')} cases)${report.quick ? ', quick' : ''}`,
    '',
    `- Date: ${report.date}`,
    `- Command: \`${report.command}\``,
    `- Machine: ${report.machine.cpuModel}, ${report.machine.cpuCount} cores, ${report.machine.totalMemoryGiB} GiB, ${report.machine.os} (shared with other work)`,
    `- Versions: Node ${report.node}, ${report.database}, ${versions}`,
    `- Load: autocannon, ${report.settings.connections} connections, ${report.settings.warmupSeconds} s warm-up then ${report.settings.seconds} s measured per configuration and workload, ${report.settings.rounds} round${report.settings.rounds === 1 ? '' : 's'} (configurations in turn${report.settings.rounds > 1 ? ', order reversed every other round; figures are the median round, req/s range over rounds in brackets' : ''}); the load generator runs on the same 2 cores`,
    `- Raw results: [\`${report.files.results}\`](${report.files.results.replace(/^bench\//, '')})`,
    '',
    '| workload | configuration | req/s | p50 ms | p99 ms | errors | gateway peak RSS MiB | SQL / request | CPU ms / request: gateway, subgraphs, PostgreSQL | other work on the machine |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const workload of report.workloads) {
    if (workload.unavailable) {
      lines.push(`| ${workload.name} ${workload.title} | – | ${workload.unavailable} | | | | | | | |`);
      continue;
    }
    for (const id of report.settings.configurations) {
      const s = report.summary.find((x) => x.workload === workload.name && x.configuration === id);
      if (!s) {
        if (id.startsWith('a')) lines.push(`| ${workload.name} | ${CONFIGURATIONS[id].label} | n/a: crosses subgraphs | | | | | | | |`);
        continue;
      }
      const range = s.rounds > 1 ? ` (${fixed(s.requestsPerSecondRange[0], 0)}–${fixed(s.requestsPerSecondRange[1], 0)})` : '';
      lines.push(
        `| ${workload.name} ${workload.title} | ${CONFIGURATIONS[id].label} | ${fixed(s.requestsPerSecond)}${range} | ${fixed(s.p50Ms)} | ${fixed(s.p99Ms)} | ${s.errors} / ${s.responses} | ${fixed(s.gatewayPeakRssMiB, 0)} | ${fixed(s.sqlPerRequest)}${Math.abs(s.sqlPerRequestUnderLoad - s.sqlPerRequest) > 0.1 * s.sqlPerRequest ? ` (${fixed(s.sqlPerRequestUnderLoad)} under load)` : ''} | ${fixed(s.gatewayCpuMsPerRequest, 2)}, ${fixed(s.subgraphsCpuMsPerRequest, 2)}, ${fixed(s.postgresCpuMsPerRequest, 2)} | ${fixed(s.otherWorkPct, 0)}% |`,
      );
    }
  }
  const goals = goalStandings(report);
  lines.push(
    '',
    `| workload | (c)/(b) req/s | goal ≥ ${GOALS.minProductOverPlain} | (c)/(d) req/s | goal ≥ 1 (${GOALS.atLeastHiveOn.join(', ')}) |`,
    '|---|---:|---|---:|---|',
  );
  for (const g of goals.perWorkload) {
    lines.push(
      `| ${g.workload} | ${fixed(g.productOverPlain, 2)} | ${yesNo(g.meetsPlain)} | ${fixed(g.productOverHive, 2)} | ${yesNo(g.meetsHive)} |`,
    );
  }
  lines.push(
    '',
    `- W1 p99 through the product at ${report.settings.connections} connections: ${fixed(goals.w1P99Ms)} ms (goal < ${GOALS.w1P99Ms} ms at ${GOALS.w1Connections}): ${yesNo(goals.w1P99Met)}` +
      (report.w1AtOneConnection && Object.keys(report.w1AtOneConnection).length
        ? `; one request at a time (1 connection, 10 s), p50 / p99: ${Object.entries(report.w1AtOneConnection)
            .map(([id, l]) => `${CONFIGURATIONS[id as ConfigurationId].label} ${fixed(l!.p50Ms)} / ${fixed(l!.p99Ms)} ms`)
            .join(', ')}`
        : ''),
    `- The product gateway's peak RSS under load: ${goals.maxGatewayRss ? `${fixed(goals.maxGatewayRss.mib, 0)} MiB` : '–'} (goal < ${GOALS.maxGatewayRssMiB} MiB): ${yesNo(goals.maxGatewayRss ? goals.maxGatewayRss.mib < GOALS.maxGatewayRssMiB : null)}; after start: ${Object.entries(
      report.setup.gatewayRssAfterStartMiB,
    )
      .map(([g, mib]) => `${g} ${fixed(mib, 0)}`)
      .join(', ')} MiB`,
  );
  return lines.join('\n');
}

const marker = (key: string) => ({ start: `<!-- bench:${key} -->`, end: `<!-- /bench:${key} -->` });
export const blockKey = (report: Pick<RunReport, 'storage' | 'scale'>) => `${report.storage.toLowerCase()}-scale-${report.scale}`;

/** Replaces (or appends) the run's block in RESULTS.md, and the scale comparison when runs at two scales exist. */
export function updateResultsFile(file: string, report: RunReport, resultsDir: string) {
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  text = replaceBlock(text, blockKey(report), markdownBlock(report));
  const scales = scaleComparison(resultsDir, report.storage);
  if (scales) text = replaceBlock(text, `${report.storage.toLowerCase()}-scales`, scales);
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}

function replaceBlock(text: string, key: string, body: string): string {
  const { start, end } = marker(key);
  const block = `${start}\n${body}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) return text.slice(0, from) + block + text.slice(to + end.length);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** The latest full run at each scale on a storage, from bench/results/. */
export function latestRunsByScale(resultsDir: string, storage: string): Map<number, RunReport> {
  const byScale = new Map<number, RunReport>();
  for (const name of readdirSync(resultsDir)
    .filter((n) => n.startsWith(`peers-${storage.toLowerCase()}-`) && n.endsWith('.json'))
    .sort()) {
    const report = JSON.parse(readFileSync(path.join(resultsDir, name), 'utf8')) as RunReport;
    if (!report.quick) byScale.set(report.scale, report);
  }
  return byScale;
}

/** Item 5: each configuration's throughput at the largest scale against the smallest, when both were run. */
function scaleComparison(resultsDir: string, storage: string): string | null {
  const runs = latestRunsByScale(resultsDir, storage);
  if (runs.size < 2) return null;
  const scales = [...runs.keys()].sort((a, b) => a - b);
  const small = runs.get(scales[0]!)!;
  const large = runs.get(scales.at(-1)!)!;
  const lines = [
    `### ${storage}: scale ${large.scale} (${large.casesSeeded.toLocaleString('en')} cases) against scale ${small.scale} (${small.casesSeeded.toLocaleString('en')})`,
    '',
    `Runs of ${small.date} and ${large.date}. Goal: throughput within ${GOALS.maxScaleLoss * 100}% of the small-scale figure.`,
    '',
    `| workload | configuration | req/s at ${small.scale} | req/s at ${large.scale} | change | within ${GOALS.maxScaleLoss * 100}% | SQL / request at ${small.scale} → ${large.scale} |`,
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const s of small.summary) {
    const l = large.summary.find((x) => x.workload === s.workload && x.configuration === s.configuration);
    if (!l) continue;
    const change = l.requestsPerSecond / s.requestsPerSecond - 1;
    lines.push(
      `| ${s.workload} | ${CONFIGURATIONS[s.configuration].label} | ${fixed(s.requestsPerSecond)} | ${fixed(l.requestsPerSecond)} | ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}% | ${yesNo(change >= -GOALS.maxScaleLoss)} | ${fixed(s.sqlPerRequest)} → ${fixed(l.sqlPerRequest)} |`,
    );
  }
  return lines.join('\n');
}
