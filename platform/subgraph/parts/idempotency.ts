import { HeaderMap } from '@apollo/server';
import { Kind } from 'graphql';
import type { MigrationObject } from '@mikro-orm/core';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
import {
  IdempotencyKeysTable,
  IdempotencyStore,
  IdempotentAttempt,
  idempotencyCaller,
  idempotencyTtlSecondsFromEnv,
  parseIdempotencyKey,
  requestFingerprint,
} from '#mutation';
import { AppError, ErrorCode } from '#service';
import type { SubgraphPart } from '../part.ts';
import type { AuditTrailContext } from './audit-trail.ts';

/** What the part adds to a request's context: the request's claim, on which the mutation pipeline records its commit. */
export interface IdempotencyContext {
  idempotency: IdempotentAttempt;
}

/** Options of {@link idempotencyKeys}. */
export interface IdempotencyKeysOptions {
  /** How long a key and its outcome are kept; default IDEMPOTENCY_KEY_TTL_HOURS (24 h). */
  ttlSeconds?: number;
  /** How long an unfinished first attempt holds its key before a retry may take it over; default 60 s. */
  lockSeconds?: number;
  /** How often expired keys are deleted; default hourly. */
  purgeEveryMs?: number;
}

/**
 * Safe retries of mutations (`Idempotency-Key`, DESIGN section 7; #mutation,
 * idempotency.ts), for a subgraph that lists IdempotencyKeysTable among its
 * migrations. A mutation operation carrying a key claims it for its caller
 * before it runs: a new key runs and its response is kept; the same request
 * again is answered with that response, replayed; other input with the key
 * is refused (IDEMPOTENCY_KEY_REUSED), a retry while the first runs too
 * (IDEMPOTENCY_KEY_IN_USE). A malformed key is BAD_USER_INPUT. Queries
 * ignore the header.
 */
export function idempotencyKeys(options: IdempotencyKeysOptions = {}): SubgraphPart {
  return {
    name: 'idempotency-keys',
    setup: ({ definition, database, env, logger }) => {
      const listed = definition.database.migrations.some(
        (migration) => typeof migration === 'object' && (migration as MigrationObject).class === IdempotencyKeysTable,
      );
      if (!listed) return {};
      const store = new IdempotencyStore({
        em: () => database.fork(),
        schema: database.schema,
        ttlSeconds: options.ttlSeconds ?? idempotencyTtlSecondsFromEnv(env),
        lockSeconds: options.lockSeconds,
      });
      let purging: NodeJS.Timeout | undefined;
      return {
        start() {
          const purge = () =>
            store.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, 'could not purge expired idempotency keys'));
          purging = setInterval(purge, options.purgeEveryMs ?? 3_600_000);
          purging.unref();
          void purge();
        },
        async stop() {
          clearInterval(purging);
        },
        context: (): IdempotencyContext => ({ idempotency: new IdempotentAttempt() }),
        plugins: [
          {
            async requestDidStart() {
              let held: { caller: string; key: string } | undefined;
              let replay: unknown;
              return {
                // Refusals are thrown here, where Apollo answers them as the request's errors (status 200, for the gateway to pass on).
                async didResolveOperation({ operation, request, contextValue }) {
                  if (operation?.operation !== 'mutation') return;
                  const header = request.http?.headers.get(IDEMPOTENCY_KEY_HEADER);
                  if (!header) return;
                  const key = parseIdempotencyKey(header);
                  if (key === null) {
                    throw new AppError(
                      ErrorCode.BAD_USER_INPUT,
                      'The Idempotency-Key header must be a string of at most 255 printable ASCII characters, such as "8e03978e-40d5-43e8-bc93-6894a57f9324".',
                      200,
                    );
                  }
                  const caller = idempotencyCaller(contextValue.viewer);
                  const claim = await store.claim(caller, key, requestFingerprint(request));
                  switch (claim.kind) {
                    case 'claimed':
                      held = { caller, key };
                      (contextValue as Partial<IdempotencyContext>).idempotency?.hold(store, caller, key);
                      return;
                    case 'reused':
                      throw new AppError(
                        ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        'This Idempotency-Key was already used for another operation or input; use a new key.',
                        200,
                      );
                    case 'in-use':
                      throw new AppError(
                        ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                        'A request with this Idempotency-Key is still being processed; retry later.',
                        200,
                      );
                    case 'replay': {
                      // The first answer again is a read of what it disclosed (a survivor's identity, say):
                      // on the trail before it is sent, as every sensitive read is, or not sent at all.
                      const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD)?.name.value;
                      await (contextValue as Partial<AuditTrailContext>).audit?.record({
                        field: `Mutation.${field}`,
                        rowId: null,
                        outcome: 'ALLOWED',
                      });
                      replay = claim.response;
                    }
                  }
                },
                async responseForOperation() {
                  if (replay === undefined) return null;
                  return { http: { headers: new HeaderMap(), status: 200 }, body: { kind: 'single', singleResult: replay as never } };
                },
                async willSendResponse({ response }) {
                  if (!held) return;
                  const { caller, key } = held;
                  held = undefined;
                  const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
                  const failed =
                    result === undefined ||
                    (result.errors ?? []).some((error) => error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR);
                  if (failed) await store.release(caller, key);
                  else await store.complete(caller, key, { data: result.data, ...(result.errors ? { errors: result.errors } : {}) });
                },
              };
            },
          },
        ],
      };
    },
  };
}
