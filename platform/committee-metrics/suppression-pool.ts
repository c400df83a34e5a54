import { Piscina } from 'piscina';
import type { CountSystem, SafeCount } from './suppression.ts';

/**
 * Protects a year's system of counts on a worker thread, so the subgraph's
 * event loop keeps serving requests meanwhile: at a million cases a year
 * takes 0.2 to 1.5 s of CPU, and on the main thread every request that
 * arrived then waited for it (W5's p99 rose to 4.6 s in `npm run bench`).
 *
 * One thread per process at most (the machine's cores are shared by four
 * subgraphs, a gateway and PostgreSQL), started on the first protection and
 * stopped after a minute without one. The answer is suppression.ts's own,
 * computed by the same code; only the thread differs.
 */
export class SuppressionPool {
  readonly #pool = new Piscina<{ system: CountSystem; k: number }, Map<string, SafeCount>>({
    filename: new URL('./suppression-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });

  protect = (system: CountSystem, k: number): Promise<Map<string, SafeCount>> => this.#pool.run({ system, k });

  /** Systems protected on the thread so far. */
  get completed(): number {
    return this.#pool.completed;
  }

  /** Stops the thread; protections in flight are rejected. */
  close(): Promise<void> {
    return this.#pool.destroy();
  }
}
