import { intFromEnv } from '#service';

/** How events are delivered; each from its variable, else its default (docs/events.md). */
export interface EventSettings {
  /** EVENTS_POLL_MS: how often an idle relay looks for due events. Default 250. */
  pollMs: number;
  /** EVENTS_BATCH_SIZE: events one poll claims at most. Default 50. */
  batchSize: number;
  /** EVENTS_MAX_ATTEMPTS: tries before an event is parked. Default 8. */
  maxAttempts: number;
  /** EVENTS_RETRY_BASE_MS: the wait after the first failure, doubled after each next one. Default 1000. */
  retryBaseMs: number;
  /** EVENTS_RETRY_MAX_MS: the longest wait between tries. Default 300000 (5 min). */
  retryMaxMs: number;
  /** EVENTS_DELIVERY_TIMEOUT_MS: how long one delivery may take (an HTTP POST, a NATS publish or a handler). Default 10000. */
  deliveryTimeoutMs: number;
  /**
   * EVENTS_LEASE_MS: how long a claimed event is the claiming relay's; past it, another relay may take it
   * (its relay died). Longer than a delivery to every consumer. Default 60000.
   */
  leaseMs: number;
  /** NATS_URL: set, events go through NATS JetStream; unset, over signed internal HTTP. */
  natsUrl: string | undefined;
  /** EVENTS_NATS_STREAM: the JetStream stream. Default GRAPH_EVENTS. */
  natsStream: string;
  /** EVENTS_NATS_SUBJECT_PREFIX: an event of type T is published on `<prefix>.T`. Default graph.events. */
  natsSubjectPrefix: string;
  /** EVENTS_NATS_DUPLICATE_WINDOW_MS: how long JetStream remembers a message id. Default 600000 (10 min), longer than a lease. */
  natsDuplicateWindowMs: number;
  /**
   * EVENTS_RELAY=off: this process runs no relay; what its mutations emit waits
   * PENDING in the outbox for a process that runs one (a replica kept to
   * answering queries; a test of a mutation alone). Default on.
   */
  relay?: boolean;
}

export function eventSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EventSettings {
  const settings: EventSettings = {
    pollMs: intFromEnv(env.EVENTS_POLL_MS, 250),
    batchSize: intFromEnv(env.EVENTS_BATCH_SIZE, 50),
    maxAttempts: intFromEnv(env.EVENTS_MAX_ATTEMPTS, 8),
    retryBaseMs: intFromEnv(env.EVENTS_RETRY_BASE_MS, 1000),
    retryMaxMs: intFromEnv(env.EVENTS_RETRY_MAX_MS, 300_000),
    deliveryTimeoutMs: intFromEnv(env.EVENTS_DELIVERY_TIMEOUT_MS, 10_000),
    leaseMs: intFromEnv(env.EVENTS_LEASE_MS, 60_000),
    natsUrl: env.NATS_URL || undefined,
    natsStream: env.EVENTS_NATS_STREAM ?? 'GRAPH_EVENTS',
    natsSubjectPrefix: env.EVENTS_NATS_SUBJECT_PREFIX ?? 'graph.events',
    natsDuplicateWindowMs: intFromEnv(env.EVENTS_NATS_DUPLICATE_WINDOW_MS, 600_000),
    relay: relayFromEnv(env.EVENTS_RELAY),
  };
  return checkSettings(settings);
}

function relayFromEnv(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`EVENTS_RELAY must be on or off, not ${value}`);
}

export function checkSettings(settings: EventSettings): EventSettings {
  if (settings.maxAttempts < 1) throw new Error('EVENTS_MAX_ATTEMPTS must be at least 1');
  if (settings.batchSize < 1) throw new Error('EVENTS_BATCH_SIZE must be at least 1');
  if (settings.leaseMs <= settings.deliveryTimeoutMs) throw new Error('EVENTS_LEASE_MS must be longer than EVENTS_DELIVERY_TIMEOUT_MS');
  if (!/^[A-Za-z0-9_-]+$/.test(settings.natsStream)) throw new Error(`EVENTS_NATS_STREAM is not a stream name: ${settings.natsStream}`);
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(settings.natsSubjectPrefix)) {
    throw new Error(`EVENTS_NATS_SUBJECT_PREFIX is not a subject: ${settings.natsSubjectPrefix}`);
  }
  return settings;
}

/** The wait before try `attempts + 1`, after `attempts` failed ones: base · 2^(attempts−1), at most the maximum. */
export function backoffMs(settings: Pick<EventSettings, 'retryBaseMs' | 'retryMaxMs'>, attempts: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
}
