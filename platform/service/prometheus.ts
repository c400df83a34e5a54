import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { Part, ServiceAdditions, ServiceSetup } from './part.ts';

/** Options of {@link prometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Default `/metrics`. */
  path?: string;
  /** prom-client's default metrics of the process (CPU, memory, event-loop lag, GC, handles). Default true. */
  processMetrics?: boolean;
}

/**
 * `GET /metrics` (DESIGN section 6): the service's own registry, where its
 * parts register what they count, in Prometheus' text format, after the
 * metrics of the process it runs in.
 */
export function prometheusMetrics(options: PrometheusMetricsOptions = {}): Part<ServiceSetup, ServiceAdditions> {
  const { path = '/metrics', processMetrics = true } = options;
  return {
    name: 'metrics',
    setup: ({ registry }) => ({
      routes: [
        {
          method: 'GET',
          path,
          handle: async () => ({
            status: 200,
            contentType: registry.contentType,
            body: (processMetrics ? await processRegistry().metrics() : '') + (await registry.metrics()),
          }),
        },
      ],
    }),
  };
}

let processMetricsRegistry: Registry | undefined;

/**
 * The process's metrics, collected once per process: they describe the
 * process, which several services share in tests, and each collection keeps
 * an event-loop monitor and a GC observer of its own.
 */
function processRegistry(): Registry {
  if (!processMetricsRegistry) {
    processMetricsRegistry = new Registry();
    collectDefaultMetrics({ register: processMetricsRegistry });
  }
  return processMetricsRegistry;
}

/** Options of {@link requestsServed}. */
export interface RequestsServedOptions {
  /** Default `graphql_requests_total`. */
  metricName?: string;
}

/** Counts the GraphQL requests the service has answered, on its registry: `graphql_requests_total{service="..."}`. */
export function requestsServed(options: RequestsServedOptions = {}): Part<ServiceSetup, ServiceAdditions> {
  const { metricName = 'graphql_requests_total' } = options;
  return {
    name: 'requests-served',
    setup: ({ name, registry }) => {
      const served = new Counter({
        name: metricName,
        help: 'GraphQL requests this service has answered.',
        labelNames: ['service'],
        registers: [registry],
      }).labels({ service: name });
      return {
        plugins: [
          {
            async requestDidStart() {
              return {
                async willSendResponse() {
                  served.inc();
                },
              };
            },
          },
        ],
      };
    },
  };
}
