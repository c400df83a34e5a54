import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '#identity';

/**
 * Safe retries of a mutation (DESIGN section 7; the IETF httpapi
 * idempotency-key draft). A caller sends `Idempotency-Key: "<key>"`; the
 * subgraph that owns the mutation keeps, per caller (the token's `sub` and
 * agency) and per key, in its own schema (IdempotencyKeysTable):
 *
 *   - the request's fingerprint: a hash of its operation document, operation
 *     name and variables as canonical JSON;
 *   - its state, IN_PROGRESS while the first attempt runs, COMMITTED (with
 *     the field and the rows written) in the mutation's own transaction, then
 *     DONE once the response is stored;
 *   - the response, once DONE, replayed to any retry with the same fingerprint.
 *
 * Another fingerprint under the same key is refused (IDEMPOTENCY_KEY_REUSED),
 * a retry while the first runs too (IDEMPOTENCY_KEY_IN_USE). An IN_PROGRESS
 * claim whose owner died is taken over after `lockSeconds`; a key is kept
 * `ttlSeconds` (IDEMPOTENCY_KEY_TTL_HOURS, default 24 h), then purged. A
 * COMMITTED key is never taken over: if its process died before the response
 * was stored, retries are answered IDEMPOTENCY_KEY_IN_USE until it expires,
 * and the outcome names the rows written, rather than the change running twice.
 */

export const IDEMPOTENCY_TABLE = 'idempotency_key';
export const DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;
export const DEFAULT_IDEMPOTENCY_LOCK_SECONDS = 60;
const MAX_KEY_LENGTH = 255;

/**
 * The key of an `Idempotency-Key` header: the draft's sf-string (`"..."`,
 * printable ASCII, `\"` and `\\` escaped), or the same characters bare, as
 * many clients send it; null when it is not one, or longer than 255 characters.
 */
export function parseIdempotencyKey(header: string): string | null {
  const value = header.trim();
  let key: string;
  if (value.startsWith('"')) {
    const match = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(value);
    if (!match) return null;
    key = match[1]!.replace(/\\(["\\])/g, '$1');
  } else {
    if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)) return null;
    key = value;
  }
  return key.length > 0 && key.length <= MAX_KEY_LENGTH ? key : null;
}

/** Who a key belongs to: the token's subject at its agency. */
export const idempotencyCaller = (viewer: Pick<Viewer, 'sub' | 'agency'>): string => `${viewer.agency}:${viewer.sub}`;

/** The fingerprint of a request: SHA-256 of its document, operation name and variables, as canonical JSON. */
export function requestFingerprint(request: { query?: string; operationName?: string | null; variables?: unknown }): string {
  const canonical = canonicalJson({
    query: request.query ?? null,
    operationName: request.operationName ?? null,
    variables: request.variables ?? {},
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A request's claim on its key, in its context: the mutation pipeline records its commit on it. */
export class IdempotentAttempt {
  #held: { store: IdempotencyStore; caller: string; key: string } | undefined;

  /** Set once the request has claimed its key (before any resolver runs). */
  hold(store: IdempotencyStore, caller: string, key: string): void {
    this.#held = { store, caller, key };
  }

  /** In the mutation's transaction: the key is COMMITTED, naming what the change wrote. */
  async committedWithin(tx: EntityManager, outcome: { field: string; rowIds: readonly string[] }): Promise<void> {
    if (!this.#held) return;
    const { store, caller, key } = this.#held;
    await store.committedWithin(tx, caller, key, outcome);
  }
}

/** What a claim found: the key is this request's now, or another's (its fingerprint, and its response once done). */
export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'reused' } | { kind: 'in-use' } | { kind: 'replay'; response: unknown };

export interface IdempotencyStoreOptions {
  em: () => EntityManager;
  schema: string;
  ttlSeconds?: number;
  lockSeconds?: number;
}

/** The keys of one subgraph, in its schema. */
export class IdempotencyStore {
  readonly #em: () => EntityManager;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #lockSeconds: number;

  constructor(options: IdempotencyStoreOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`not a schema name: ${JSON.stringify(options.schema)}`);
    this.#em = options.em;
    this.#table = `"${options.schema}"."${IDEMPOTENCY_TABLE}"`;
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_HOURS * 3600;
    this.#lockSeconds = options.lockSeconds ?? DEFAULT_IDEMPOTENCY_LOCK_SECONDS;
  }

  /**
   * Takes the key for this request, in one statement: a new key, an expired
   * one, or an IN_PROGRESS claim of the same request whose owner has not
   * finished within the lock; otherwise says what holds it.
   */
  async claim(caller: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const connection = this.#em().getConnection();
    const t = this.#table;
    const claimed: unknown[] = await connection.execute(
      `insert into ${t} as held ("caller", "key", "fingerprint", "state", "locked_until", "expires_at")
       values (?, ?, ?, 'IN_PROGRESS', now() + (?::integer * interval '1 second'), now() + (?::integer * interval '1 second'))
       on conflict ("caller", "key") do update set "fingerprint" = excluded."fingerprint", "state" = 'IN_PROGRESS', "response" = null,
         "locked_until" = excluded."locked_until", "expires_at" = excluded."expires_at", "created_at" = now()
       where held."expires_at" < now()
          or (held."state" = 'IN_PROGRESS' and held."locked_until" < now() and held."fingerprint" = excluded."fingerprint")
       returning 1 as "claimed"`,
      [caller, key, fingerprint, this.#lockSeconds, this.#ttlSeconds],
      'all',
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const [held] = (await connection.execute(
      `select "fingerprint", "state", "response" from ${t} where "caller" = ? and "key" = ?`,
      [caller, key],
      'all',
    )) as { fingerprint: string; state: string; response: string | null }[];
    if (!held) return { kind: 'in-use' };
    if (held.fingerprint !== fingerprint) return { kind: 'reused' };
    if (held.state !== 'DONE' || held.response === null) return { kind: 'in-use' };
    return { kind: 'replay', response: JSON.parse(held.response) };
  }

  /** In the mutation's own transaction (tx): the change and the key's COMMITTED state commit together. */
  async committedWithin(
    tx: EntityManager,
    caller: string,
    key: string,
    outcome: { field: string; rowIds: readonly string[] },
  ): Promise<void> {
    await tx
      .getConnection()
      .execute(
        `update ${this.#table} set "state" = 'COMMITTED', "outcome" = ? where "caller" = ? and "key" = ?`,
        [JSON.stringify(outcome), caller, key],
        'run',
        tx.getTransactionContext(),
      );
  }

  /** The first attempt's response, kept for the key's lifetime and replayed to its retries. */
  async complete(caller: string, key: string, response: unknown): Promise<void> {
    await this.#em()
      .getConnection()
      .execute(`update ${this.#table} set "state" = 'DONE', "response" = ? where "caller" = ? and "key" = ?`, [
        JSON.stringify(response),
        caller,
        key,
      ]);
  }

  /** Gives the key back when the attempt failed unexpectedly (nothing to replay): a retry runs it again. */
  async release(caller: string, key: string): Promise<void> {
    await this.#em()
      .getConnection()
      .execute(`delete from ${this.#table} where "caller" = ? and "key" = ? and "state" = 'IN_PROGRESS'`, [caller, key]);
  }

  /** Deletes the keys past their lifetime; the number deleted. */
  async purgeExpired(): Promise<number> {
    const rows: unknown[] = await this.#em()
      .getConnection()
      .execute(`delete from ${this.#table} where "expires_at" < now() returning 1`, [], 'all');
    return rows.length;
  }
}

/** IDEMPOTENCY_KEY_TTL_HOURS (default 24, at least 24 as the contract keeps outcomes a day) in seconds. */
export function idempotencyTtlSecondsFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.IDEMPOTENCY_KEY_TTL_HOURS;
  if (!text) return DEFAULT_IDEMPOTENCY_TTL_HOURS * 3600;
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours < DEFAULT_IDEMPOTENCY_TTL_HOURS) {
    throw new Error(
      `IDEMPOTENCY_KEY_TTL_HOURS must be a number of hours, at least ${DEFAULT_IDEMPOTENCY_TTL_HOURS}; got ${JSON.stringify(text)}`,
    );
  }
  return Math.round(hours * 3600);
}
