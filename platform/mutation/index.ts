/**
 * The write path (DESIGN section 7), written once for every subgraph: the
 * pipeline every mutation goes through (validate → authorize → change →
 * audit), the checks of its input, its row rule read from the SDL, and the
 * user errors its payload carries. Each subgraph writes the steps of its own
 * mutations; the rest of the folder is internal.
 */
export { createMutations, type MutationContext, type MutationSteps, type WrittenSensitive } from './pipeline.ts';
export { mayTouch, mutationRulesOf } from './row-rule.ts';
export {
  invalidTransition,
  notFound,
  type Payload,
  staleVersion,
  USER_ERROR_CODES,
  type UserError,
  userError,
  type UserErrorCode,
} from './user-errors.ts';
export { InputChecks } from './validation.ts';
export { checkExpectedVersion, lockedById, staleUnlessCurrent } from './versions.ts';
export {
  DEFAULT_IDEMPOTENCY_TTL_HOURS,
  IDEMPOTENCY_TABLE,
  type IdempotencyClaim,
  IdempotencyStore,
  IdempotentAttempt,
  idempotencyCaller,
  idempotencyTtlSecondsFromEnv,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency.ts';
export { IdempotencyKeySchema } from './idempotency-key.entity.ts';
export { IdempotencyKeysTable } from './migrations/idempotency-keys.ts';
