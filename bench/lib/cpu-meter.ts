/**
 * CPU used during one measurement by each process of a run, by PostgreSQL for
 * the run's database, by the bench itself, and by everything else on the
 * shared machine (so that a noisy figure shows), from /proc (lib/load.ts).
 */
import { cpuSecondsOf, machineCpuSeconds, postgresCpuSecondsBetween, postgresSnapshot } from './load.ts';
import { round } from './stats.ts';

export interface CpuUse {
  /** CPU seconds of each process while measured. */
  processSeconds: Record<string, number | null>;
  /** PostgreSQL's for the run's database (null on PGlite, whose work is the subgraphs'). */
  postgresSeconds: number | null;
  benchSeconds: number;
  /** Busy share of all cores, and the share the rest of the machine took (not ours, PostgreSQL's or the bench's). */
  machineBusyPct: number | null;
  otherWorkPct: number | null;
}

/** Starts measuring; `stop()` says what each used since. */
export function cpuMeter(processes: readonly { label: string; pid: number }[], postgresDatabase?: string): { stop(): CpuUse } {
  const ours = () => Object.fromEntries(processes.map((p) => [p.label, cpuSecondsOf(p.pid)]));
  const before = {
    ours: ours(),
    self: process.cpuUsage(),
    machine: machineCpuSeconds(),
    postgres: postgresDatabase ? postgresSnapshot() : undefined,
  };
  return {
    stop() {
      const after = {
        ours: ours(),
        self: process.cpuUsage(before.self),
        machine: machineCpuSeconds(),
        postgres: before.postgres ? postgresSnapshot() : undefined,
      };
      const processSeconds = Object.fromEntries(
        processes.map(({ label }) => {
          const [a, b] = [before.ours[label], after.ours[label]];
          return [label, a === null || a === undefined || b === null || b === undefined ? null : round(b - a, 2)];
        }),
      );
      const postgresSeconds =
        before.postgres && after.postgres ? round(postgresCpuSecondsBetween(before.postgres, after.postgres, postgresDatabase!), 2) : null;
      const benchSeconds = round((after.self.user + after.self.system) / 1e6, 2);
      const total = before.machine && after.machine ? after.machine.total - before.machine.total : null;
      const busy = before.machine && after.machine ? after.machine.busy - before.machine.busy : null;
      const accounted = Object.values(processSeconds).reduce<number>((sum, s) => sum + (s ?? 0), 0) + (postgresSeconds ?? 0) + benchSeconds;
      return {
        processSeconds,
        postgresSeconds,
        benchSeconds,
        machineBusyPct: total && busy !== null ? round((busy / total) * 100, 1) : null,
        otherWorkPct: total && busy !== null ? round(Math.max(0, ((busy - accounted) / total) * 100), 1) : null,
      };
    },
  };
}
