/**
 * What one relay sustains (`npm run bench:events`, step 2): the courts
 * subgraph is restarted with its relay off (EVENTS_RELAY=off) and records
 * verdicts as fast as it answers (8 at a time), whose events
 * (a VerdictRecorded and a ConvictionRecorded each) wait in its outbox; then
 * it is restarted with its relay on, the only relay with anything to
 * deliver, and the run waits until its outbox is empty and both consumers
 * applied every event (their /metrics). The figures come afterwards from the
 * databases' own times (lib/event-timings.ts), not from when the bench
 * looked: from the relay's first claim to its last delivery, and to each
 * consumer's last application.
 */
import { cpuMeter, type CpuUse } from './cpu-meter.ts';
import type { EventTimes } from './event-timings.ts';
import type { RunningGraph } from './graph-processes.ts';
import { metricSum } from './metrics-text.ts';
import { round } from './stats.ts';
import type { Courts, VerdictToRecord } from './verdicts.ts';

/**
 * Verdicts recorded at once while the relay is off; how often the run reads
 * the processes' /metrics to know the drain is over (each read is a query of
 * the outbox); how long it waits at most.
 */
const DRAIN = { fillConcurrency: 8, lookMs: 250, timeoutMs: 600_000 } as const;

export interface DrainRun {
  verdicts: number;
  refused: number;
  /** The courts outbox's events_pending before its relay started. */
  eventsWaiting: number;
  /** The courts process's start with its relay on, until /ready. */
  restartSeconds: number;
  /** From /ready until the bench saw the outbox empty and every event applied. */
  observedSeconds: number;
  cpu: CpuUse;
}

export interface DrainFigures {
  events: number;
  /** From the relay's first claim to its last delivery. */
  relaySeconds: number | null;
  /** The figure: events per second the one relay delivered. */
  eventsPerSecond: number | null;
  /** CPU milliseconds of the relay's process per event (all it did meanwhile: delivering, its NATS consumer or events endpoint, /metrics). */
  relayProcessCpuMsPerEvent: number | null;
  /** The same for every process of the graph and PostgreSQL's for its database: delivering and applying, end to end. */
  graphCpuMsPerEvent: number | null;
  /** From the relay's first claim until each consumer applied the last of its events. */
  applied: Record<string, { events: number; seconds: number | null; perSecond: number | null }>;
}

export async function drainOutbox(options: {
  graph: RunningGraph;
  courts: Courts;
  verdicts: readonly VerdictToRecord[];
  postgres?: string;
  log: (line: string) => void;
}): Promise<DrainRun> {
  const { graph, courts, verdicts, log } = options;
  log(`drain: the courts subgraph restarted with its relay off; recording ${verdicts.length} verdicts...`);
  await graph.restart('courts', { EVENTS_RELAY: 'off' });
  const refusals: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: DRAIN.fillConcurrency }, async () => {
      while (next < verdicts.length) {
        const answer = await courts.record(verdicts[next++]!);
        if (!answer.ok) refusals.push(answer.reason);
      }
    }),
  );
  if (refusals.length > 0) log(`${refusals.length} verdicts refused, e.g. ${refusals[0]}`);
  const courtsUrl = graph.subgraphUrls.courts;
  const eventsWaiting = await metricSum(courtsUrl, 'events_pending');
  const consumers = [
    { url: graph.subgraphUrls.offenders, labels: { type: 'ConvictionRecorded', outcome: 'applied' } },
    { url: graph.subgraphUrls.cases, labels: { type: 'VerdictRecorded', outcome: 'applied' } },
  ];
  const applied = () => Promise.all(consumers.map((c) => metricSum(c.url, 'events_consumed_total', c.labels)));
  const before = await applied();
  const expected = verdicts.length - refusals.length;
  log(`drain: ${eventsWaiting} events wait in the courts outbox; restarted with its relay on...`);
  const began = performance.now();
  await graph.restart('courts');
  const readyAt = performance.now();
  const meter = cpuMeter(graph.processes(), options.postgres);
  for (;;) {
    const [pending, now] = await Promise.all([metricSum(courtsUrl, 'events_pending'), applied()]);
    if (pending === 0 && now.every((n, i) => n - before[i]! >= expected)) break;
    if (performance.now() - readyAt > DRAIN.timeoutMs)
      throw new Error(`drain: not over after ${DRAIN.timeoutMs / 1000} s (${pending} pending)`);
    await new Promise((resolve) => setTimeout(resolve, DRAIN.lookMs));
  }
  return {
    verdicts: verdicts.length,
    refused: refusals.length,
    eventsWaiting,
    restartSeconds: round((readyAt - began) / 1000, 1),
    observedSeconds: round((performance.now() - readyAt) / 1000, 1),
    cpu: meter.stop(),
  };
}

/** The drain's figures from its events' times. */
export function drainFigures(times: readonly EventTimes[], cpu: CpuUse): DrainFigures {
  const claims = times.map((t) => t.claimedAt).filter((t) => t !== null);
  const deliveries = times.map((t) => t.deliveredAt).filter((t) => t !== null);
  const start = claims.length > 0 ? Math.min(...claims) : null;
  const seconds = (end: number) => (start === null ? null : round((end - start) / 1000, 3));
  const relaySeconds = deliveries.length === times.length && times.length > 0 ? seconds(Math.max(...deliveries)) : null;
  const relayCpu = cpu.processSeconds.courts ?? null;
  const graphCpu = Object.values(cpu.processSeconds).reduce<number>((sum, s) => sum + (s ?? 0), 0) + (cpu.postgresSeconds ?? 0);
  const applied = Object.fromEntries(
    (['ConvictionRecorded', 'VerdictRecorded'] as const).map((type) => {
      const ofType = times.filter((t) => t.type === type);
      const at = ofType.map((t) => t.appliedAt).filter((t) => t !== null);
      const s = at.length === ofType.length && at.length > 0 ? seconds(Math.max(...at)) : null;
      return [
        type === 'ConvictionRecorded' ? 'register' : 'cases',
        { events: ofType.length, seconds: s, perSecond: s ? round(ofType.length / s, 1) : null },
      ];
    }),
  );
  return {
    events: times.length,
    relaySeconds,
    eventsPerSecond: relaySeconds ? round(times.length / relaySeconds, 1) : null,
    relayProcessCpuMsPerEvent: relayCpu !== null && times.length > 0 ? round((relayCpu * 1000) / times.length, 2) : null,
    graphCpuMsPerEvent: times.length > 0 ? round((graphCpu * 1000) / times.length, 2) : null,
    applied,
  };
}
