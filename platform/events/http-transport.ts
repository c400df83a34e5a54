import { type RequestSigningSettings, SIGNATURE_HEADER, signSubgraphRequest, verifyReceivedRequest } from '#identity';
import { envKeyOf, type IncomingRequest, type PlainResponse, serviceUrl } from '#service';
import type { Logger } from '#service';
import { parseEnvelope, type EventEnvelope } from './envelope.ts';
import type { Inbox } from './inbox.ts';
import { NO_COUNTERS, type EventCounters } from './metrics.ts';
import { reasonOf } from './sql.ts';
import type { EventTransport } from './transport.ts';

/** Where a consuming subgraph receives events over HTTP, on its own origin. */
export const EVENTS_PATH = '/internal/events';

/**
 * What a consuming subgraph declares about itself (beside its handlers), for
 * the emitters' relays: its name, its default port, and the event types it
 * consumes. Where it is reached comes from the environment, as for every
 * process of the graph: `<NAME>_URL` (its GraphQL URL; the events endpoint
 * is EVENTS_PATH on the same origin), else its host and port.
 */
export interface EventConsumerDeclaration {
  subgraph: string;
  port: number;
  types: readonly string[];
}

/** A consumer resolved: where its events are POSTed. */
export interface EventConsumer {
  subgraph: string;
  types: readonly string[];
  url: string;
}

export function resolveConsumers(declarations: readonly EventConsumerDeclaration[], env: NodeJS.ProcessEnv = process.env): EventConsumer[] {
  return declarations.map((declaration) => ({
    subgraph: declaration.subgraph,
    types: declaration.types,
    url: new URL(EVENTS_PATH, serviceUrl(declaration.subgraph, declaration.port, env)).href,
  }));
}

/** The environment variable that says where a consumer is. */
export const consumerUrlVariable = (subgraph: string) => `${envKeyOf(subgraph)}_URL`;

/**
 * Transport A, the embedded default: each event POSTed as JSON to every
 * consumer of its type, over the signed internal channel — the same
 * `x-gateway-signature` HMAC as the gateway's requests to the subgraphs
 * (#identity, SUBGRAPH_HMAC_SECRET), over the exact body — so the consumer's
 * gateway-signature check admits it and its events endpoint verifies it.
 * Delivered when every consumer answered 200 (applied, or applied before);
 * otherwise the first refusal is the reason. A type no consumer declared is
 * a failure too, so a missing declaration parks the event instead of losing it.
 */
export function httpTransport(options: {
  consumers: readonly EventConsumer[];
  signing?: RequestSigningSettings;
  timeoutMs: number;
}): EventTransport {
  const byType = new Map<string, EventConsumer[]>();
  for (const consumer of options.consumers) {
    for (const type of consumer.types) byType.set(type, [...(byType.get(type) ?? []), consumer]);
  }
  return {
    kind: 'http',
    async deliver(event) {
      const consumers = byType.get(event.type);
      if (!consumers?.length) throw new Error(`no consumer declared for ${event.type}`);
      const body = JSON.stringify(event);
      for (const consumer of consumers) {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-event-id': event.id };
        if (options.signing) headers[SIGNATURE_HEADER] = signSubgraphRequest({ secret: options.signing.secret, body });
        let response: Response;
        try {
          response = await fetch(consumer.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
        } catch (error) {
          throw new Error(`${consumer.subgraph}: unreachable (${reasonOf((error as Error).cause ?? error)})`);
        }
        const answer = (await response.json().catch(() => ({}))) as { error?: string };
        if (response.status !== 200) throw new Error(`${consumer.subgraph}: ${response.status} ${answer.error ?? ''}`.trim());
      }
    },
    async close() {},
  };
}

/**
 * The consumer's half of transport A: EVENTS_PATH's handler. Refuses (401)
 * a request without a fresh, valid signature when signing is configured
 * (always in production), then applies the event through the inbox:
 * 200 applied or duplicate; 409 deferred (an earlier event of its aggregate
 * first); 422 a body that is no event; 500 the handler refused it.
 */
export function eventReceiver(options: {
  inbox: Inbox;
  signing?: RequestSigningSettings;
  logger?: Logger;
  counters?: EventCounters;
}): (request: IncomingRequest) => Promise<PlainResponse> {
  const counters = options.counters ?? NO_COUNTERS;
  return async (request) => {
    if (options.signing) {
      const check = verifyReceivedRequest(request, options.signing);
      if (!check.valid) {
        options.logger?.warn({ requestId: request.requestId, reason: check.reason }, 'refused an event without a valid signature');
        return { status: 401, body: { error: 'unauthenticated' } };
      }
    }
    let parsed: EventEnvelope | string;
    try {
      parsed = parseEnvelope(JSON.parse(request.rawBody.toString('utf8')));
    } catch {
      parsed = 'not JSON';
    }
    if (typeof parsed === 'string') return { status: 422, body: { error: `not an event: ${parsed}` } };
    const result = await options.inbox.apply(parsed);
    counters.consumed(parsed.type, result.outcome);
    switch (result.outcome) {
      case 'applied':
      case 'duplicate':
        return { status: 200, body: { outcome: result.outcome } };
      case 'deferred':
        return { status: 409, body: { outcome: 'deferred', error: result.reason } };
      case 'failed':
        options.logger?.warn({ eventId: parsed.id, type: parsed.type, reason: result.reason }, 'an event was refused by its handler');
        return { status: 500, body: { outcome: 'failed', error: result.reason } };
    }
  };
}
