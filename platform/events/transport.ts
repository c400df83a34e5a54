import type { EventEnvelope } from './envelope.ts';

/**
 * How the relay hands an event on: the one interface both transports
 * implement. `deliver` resolves once the event is safe with the other side
 * (every consumer applied it, over HTTP; the stream stored it, on NATS) and
 * throws, with the reason as its message, otherwise.
 */
export interface EventTransport {
  readonly kind: 'http' | 'nats';
  deliver(event: EventEnvelope): Promise<void>;
  close(): Promise<void>;
}
