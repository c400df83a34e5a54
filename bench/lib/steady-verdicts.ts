/**
 * Verdicts at a steady rate, and the register watched for their entries
 * (`npm run bench:events`, step 1). Open loop: verdict i is sent at i/rate
 * from the start whatever the answers before (at most MAX_IN_FLIGHT waiting
 * at once: past it the courts cannot keep up, which the rate achieved and the
 * lag show). Each recorded verdict's convict is then awaited on the register
 * (lib/register-watch.ts).
 */
import type { CpuUse } from './cpu-meter.ts';
import { cpuMeter } from './cpu-meter.ts';
import type { RunningGraph } from './graph-processes.ts';
import { RegisterWatch } from './register-watch.ts';
import { type LatencySummary, round, summarize } from './stats.ts';
import type { Courts, VerdictToRecord } from './verdicts.ts';

const MAX_IN_FLIGHT = 64;
/** How long an entry may take before it counts as never arrived. */
const SETTLE_MS = 60_000;

export interface SteadyResult {
  targetPerSecond: number;
  verdicts: number;
  recorded: number;
  refused: number;
  /** Verdicts answered per second, from the first sent to the last answered. */
  achievedPerSecond: number;
  /** The most a verdict was sent after its time. */
  maxLagMs: number;
  verdictLatencyMs: LatencySummary;
  /** From the verdict's answer to the entry read by the NPB: the figure. */
  delayMs: LatencySummary;
  /** From sending the verdict to the entry read. */
  delayFromSentMs: LatencySummary;
  entriesNeverRead: number;
  watch: { pollMs: number; rounds: number; requests: number };
  cpu: CpuUse;
  /**
   * CPU milliseconds per verdict recorded, of every process of the graph and
   * of PostgreSQL for its database: the verdict, its events, their effects, and
   * the NPB's polling. What the rate the machine sustains when idle follows from.
   */
  cpuMsPerVerdict: number | null;
}

export async function steadyVerdicts(options: {
  graph: RunningGraph;
  courts: Courts;
  verdicts: readonly VerdictToRecord[];
  ratePerSecond: number;
  pollMs: number;
  npbToken: string;
  /** The PostgreSQL database, whose CPU time is counted; none on PGlite. */
  postgres?: string;
  log: (line: string) => void;
}): Promise<SteadyResult> {
  const { graph, courts, verdicts, ratePerSecond } = options;
  const watch = new RegisterWatch({ client: courts.client, gatewayUrl: graph.gatewayUrl, token: options.npbToken, pollMs: options.pollMs });
  const meter = cpuMeter(graph.processes(), options.postgres);
  watch.start();
  const refusals: string[] = [];
  const latencies: number[] = [];
  let inFlight = 0;
  let maxLagMs = 0;
  let lastAnsweredAt = 0;
  const start = performance.now() + 20;
  const sends: Promise<void>[] = [];
  for (const [i, verdict] of verdicts.entries()) {
    const due = start + (i * 1000) / ratePerSecond;
    await sleep(due - performance.now());
    while (inFlight >= MAX_IN_FLIGHT) await sleep(1);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    inFlight += 1;
    sends.push(
      courts.record(verdict).then((answer) => {
        inFlight -= 1;
        if (!answer.ok) {
          refusals.push(answer.reason);
          return;
        }
        latencies.push(answer.answeredAt - answer.sentAt);
        lastAnsweredAt = Math.max(lastAnsweredAt, answer.answeredAt);
        watch.expect(verdict.cnic, answer);
      }),
    );
  }
  await Promise.all(sends);
  const neverRead = await watch.stop(SETTLE_MS);
  const cpu = meter.stop();
  for (const p of graph.processes()) p.assertAlive();
  if (refusals.length > 0) options.log(`${refusals.length} verdicts refused, e.g. ${refusals[0]}`);
  if (neverRead.length > 0) options.log(`${neverRead.length} register entries not readable ${SETTLE_MS / 1000} s after their verdict`);
  return {
    targetPerSecond: ratePerSecond,
    verdicts: verdicts.length,
    recorded: latencies.length,
    refused: refusals.length,
    achievedPerSecond: latencies.length > 0 ? round(latencies.length / ((lastAnsweredAt - start) / 1000), 2) : 0,
    maxLagMs: round(maxLagMs, 1),
    verdictLatencyMs: summarize(latencies),
    delayMs: summarize(watch.found.map((f) => f.delayMs)),
    delayFromSentMs: summarize(watch.found.map((f) => f.fromSentMs)),
    entriesNeverRead: neverRead.length,
    watch: { pollMs: options.pollMs, rounds: watch.rounds, requests: watch.requests },
    cpu,
    cpuMsPerVerdict:
      latencies.length > 0
        ? round(
            ((Object.values(cpu.processSeconds).reduce<number>((sum, s) => sum + (s ?? 0), 0) + (cpu.postgresSeconds ?? 0)) * 1000) /
              latencies.length,
            1,
          )
        : null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
