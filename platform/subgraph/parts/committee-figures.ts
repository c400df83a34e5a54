import { Counter, Gauge } from 'prom-client';
import { createMetricsRuntime, type MetricsRuntime, SuppressionPool } from '#committee-metrics';
import { pakistanDate } from '#reference-data';
import type { Logger } from '#service';
import type { SubgraphDatabase } from '#storage';
import type { SubgraphDefinition } from '../definition.ts';
import type { SubgraphPart } from '../part.ts';

/** What the committee figures add to a request's context. */
export interface CommitteeFiguresContext {
  /** The committee's metrics: the server's settings (k, targets) and its cache of protected years. */
  metrics: MetricsRuntime;
}

/** Options of {@link committeeFigures}. */
export interface CommitteeFiguresOptions {
  /** Years prepared after start, this one and those before; default METRICS_PREPARE_YEARS (2). 0 prepares none. */
  prepareYears?: number;
}

/**
 * The Special Committee's figures: a year's system of counts is protected on
 * a worker thread (SuppressionPool), off the event loop that serves
 * requests; the recent years are prepared in the background once the
 * service is up; and /metrics counts the years computed
 * (`committee_figures_computed_total{subgraph,section}`) and says whether
 * the preparation is still going (`committee_figures_preparing{subgraph}`).
 * Left out, figures are computed on the first request and protected on the
 * serving thread.
 */
export function committeeFigures(options: CommitteeFiguresOptions = {}): SubgraphPart {
  return {
    name: 'committee-figures',
    setup: ({ name, definition, database, env, logger, registry }) => {
      const computed = new Counter({
        name: 'committee_figures_computed_total',
        help: 'Years of committee figures this subgraph has counted and protected, by section.',
        labelNames: ['subgraph', 'section'],
        registers: [registry],
      });
      const pool = new SuppressionPool();
      const runtime: MetricsRuntime = {
        ...createMetricsRuntime(env, logger, pool.protect),
        computed: (section) => computed.inc({ subgraph: name, section }),
      };
      const years = options.prepareYears ?? runtime.settings.prepareYears;
      let preparing: Preparation | undefined;
      new Gauge({
        name: 'committee_figures_preparing',
        help: '1 while the figures of the recent years are being prepared after start, then 0.',
        labelNames: ['subgraph'],
        registers: [registry],
        collect() {
          this.set({ subgraph: name }, preparing?.inProgress() ? 1 : 0);
        },
      });
      const added: CommitteeFiguresContext = { metrics: runtime };
      return {
        context: () => added,
        start: () => void (preparing = prepareInBackground(definition, database, runtime, years, logger)),
        async stop() {
          await preparing?.stop();
          await pool.close();
        },
      };
    },
  };
}

interface Preparation {
  inProgress(): boolean;
  /** Waits for the year being computed, so the database is not closed under it. */
  stop(): Promise<void>;
}

/**
 * The committee's figures of the most recent `years` (this year and last, by
 * default), computed once the service is up, in the background: counting and
 * protecting a year takes seconds at a large scale, and a dashboard should
 * not wait for it. Failures are logged; the figures are then computed on the
 * first request instead.
 */
function prepareInBackground(
  definition: SubgraphDefinition<unknown>,
  database: SubgraphDatabase,
  metrics: MetricsRuntime,
  years: number,
  logger: Logger,
): Preparation {
  let stopped = false;
  let inProgress = false;
  let current: Promise<unknown> = Promise.resolve();
  const { prepareMetrics } = definition;
  if (prepareMetrics && years > 0) {
    const thisYear = Number(pakistanDate(new Date()).slice(0, 4));
    inProgress = true;
    void (async () => {
      for (let year = thisYear; year > thisYear - years && !stopped; year--) {
        current = prepareMetrics(database.fork(), metrics, year).catch((error: unknown) => {
          if (!stopped) logger.warn({ err: error, year }, 'committee figures not prepared: they will be computed on the first request');
        });
        await current;
      }
      inProgress = false;
    })();
  }
  return {
    inProgress: () => inProgress,
    stop: async () => {
      stopped = true;
      await current;
    },
  };
}
