import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '#events';

let streamsMade = 0;

/** A stack's own events stream on NATS: the variables that name it, and its removal. */
export interface OwnEventStream {
  /** EVENTS_NATS_STREAM and EVENTS_NATS_SUBJECT_PREFIX, to give every process of the stack; empty without NATS_URL, or when `env` names a stream already. */
  env: NodeJS.ProcessEnv;
  /** Deletes the stream (and its durable consumers) from the server; nothing without one. */
  drop(): Promise<void>;
}

/**
 * On NATS (NATS_URL in `env`), a stream and subjects of a stack's own: it is
 * one deployment, and another stack's durable consumers (the graph project's
 * shared stack, on the same server) must not take its events.
 */
export function ownEventStream(env: NodeJS.ProcessEnv): OwnEventStream {
  if (!env.NATS_URL || env.EVENTS_NATS_STREAM) return { env: {}, drop: async () => {} };
  const stream = `STACK_${process.pid}_${(streamsMade += 1)}_${Date.now().toString(36)}`;
  const natsUrl = env.NATS_URL;
  return {
    env: { EVENTS_NATS_STREAM: stream, EVENTS_NATS_SUBJECT_PREFIX: `stack.${stream}` },
    async drop() {
      const connection = await connectNats(natsUrl, 'stack-cleanup').catch(() => undefined);
      if (!connection) return;
      await (await jetstreamManager(connection)).streams.delete(stream).catch(() => false);
      await connection.close();
    },
  };
}
