import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Viewer } from '../auth/viewer.ts';
import type { AuditOutcome } from '../enums.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { Logger } from '../logger.ts';
import { AUDIT_TABLE, AuditEntrySchema } from './audit-entry.entity.ts';
import { auditEntryHash, GENESIS_HASH, type ChainedAuditFields } from './chain.ts';

/** One sensitive read to record; who, when and why come from the request. */
export interface AuditRecord {
  /** Type and field, e.g. `Survivor.fullName`. */
  field: string;
  /** The row the value belongs to (a UUID); null for a refusal decided before any row was read. */
  rowId: string | null;
  outcome: AuditOutcome;
}

export interface AuditLogOptions {
  /** The request's EntityManager. */
  em: EntityManager;
  /** The PostgreSQL schema holding this subgraph's `audit_entry`. */
  schema: string;
  viewer: Viewer;
  requestId: string;
  /** The case reference the request stated (`x-case-purpose`). */
  purpose?: string;
  logger?: Logger;
}

/** Where a request's sensitive reads and refusals are recorded: an {@link AuditLog}. */
export interface AuditRecorder {
  /** Resolves once the read is on the trail; rejects if it cannot be recorded. */
  record(entry: AuditRecord): Promise<void>;
}

/**
 * Records nothing. Only for measuring what the audit trail costs (bench/,
 * the subgraph server's `audit: 'off'`, refused when NODE_ENV=production).
 */
export const UNRECORDED: AuditRecorder = { record: () => Promise.resolve() };

/** What a client sees in place of a value whose read could not be recorded. */
export class AuditWriteError extends AppError {
  constructor() {
    super(ErrorCode.INTERNAL_SERVER_ERROR, 'Withheld: this read could not be recorded in the audit trail.');
  }
}

const MAX_FIELD_LENGTH = 64;

/** SQL statements one batch of entries costs (lock, chain head, insert), whatever its size: for statement-count tests. */
export const AUDIT_WRITE_STATEMENTS = 3;

/**
 * A request's audit log: every sensitive read of the request is recorded
 * here before its value is returned (see `auditedField`).
 *
 * Records made in the same tick (all the survivors of a page of cases, say)
 * are collected the way DataLoader collects keys, and written together: one
 * transaction, which takes the trail's advisory lock (so concurrent requests,
 * in this process or another, append one after the other and the chain stays
 * linear), reads the chain's last hash and reserves the batch's sequence
 * numbers in one statement, and inserts every entry, hashed and chained, in
 * one more: AUDIT_WRITE_STATEMENTS per batch, whatever its size.
 *
 * `record()` settles once the entries are committed, or rejects (with
 * AuditWriteError, the cause logged) if they could not be: the value is then
 * not returned. One per request, created with the request's context; no
 * state outlives it.
 */
export class AuditLog implements AuditRecorder {
  readonly #options: AuditLogOptions;
  readonly #batches: DataLoader<AuditRecord, void>;

  constructor(options: AuditLogOptions) {
    this.#options = options;
    this.#batches = new DataLoader((records) => this.#write(records), { cache: false });
  }

  /** Resolves once the read is on the trail; rejects if it cannot be recorded. */
  record(entry: AuditRecord): Promise<void> {
    if ((entry.rowId !== null && !isUuid(entry.rowId)) || entry.field.length === 0 || entry.field.length > MAX_FIELD_LENGTH) {
      this.#options.logger?.error({ requestId: this.#options.requestId, entry }, 'refused to record a malformed audit entry');
      return Promise.reject(new AuditWriteError());
    }
    return this.#batches.load(entry);
  }

  async #write(records: readonly AuditRecord[]): Promise<void[]> {
    const { em, schema, viewer, requestId, purpose, logger } = this.#options;
    const table = `"${schema}"."${AUDIT_TABLE}"`;
    const connection = em.getConnection();
    try {
      if (!em.getMetadata().find(AuditEntrySchema)) throw new Error('this subgraph keeps no audit trail: list AuditEntrySchema among its entities');
      await connection.transactional(async (trx) => {
        // Held until commit: whoever holds it appends the chain's next entries.
        await connection.execute('select pg_advisory_xact_lock(?::bigint)', [advisoryLockKey(schema)], 'run', trx);
        // A statement of its own, after the lock, so it sees the entries the previous holder committed.
        const head = await connection.execute<{ previous: string | null; seqs: string[] }>(
          `select (select "hash" from ${table} order by "seq" desc limit 1) as "previous",
                  array(select nextval(pg_get_serial_sequence(?, 'seq'))::text from generate_series(1, ?)) as "seqs"`,
          [table, records.length],
          'get',
          trx,
        );
        const recordedAt = new Date();
        let previousHash = head.previous ?? GENESIS_HASH;
        const entries = records.map((record, i) => {
          const fields: ChainedAuditFields = {
            previousHash,
            seq: String(head.seqs[i]),
            recordedAt,
            requestId,
            subject: viewer.sub,
            agency: viewer.agency,
            field: record.field,
            rowId: record.rowId?.toLowerCase() ?? null,
            purpose: purpose ?? null,
            outcome: record.outcome,
          };
          const hash = auditEntryHash(fields);
          previousHash = hash;
          return { ...fields, recordedAt: recordedAt.toISOString(), hash };
        });
        await connection.execute(insertStatement(table), [JSON.stringify(entries)], 'run', trx);
      });
    } catch (error) {
      logger?.error({ err: error, requestId, entries: records.length }, 'audit entries could not be written: their values are withheld');
      throw new AuditWriteError();
    }
    return records.map(() => undefined);
  }
}

/** The batch as one JSON document, unpacked by jsonb_to_recordset: one statement whatever its size. */
function insertStatement(table: string): string {
  return `insert into ${table} ("seq", "recorded_at", "request_id", "subject", "agency", "field", "row_id", "purpose", "outcome", "previous_hash", "hash")
    select "seq", "recordedAt", "requestId", "subject", "agency", "field", "rowId", "purpose", "outcome", "previousHash", "hash"
    from jsonb_to_recordset(?::jsonb) as r("seq" bigint, "recordedAt" timestamptz, "requestId" text, "subject" text, "agency" text,
      "field" text, "rowId" uuid, "purpose" text, "outcome" text, "previousHash" text, "hash" text)
    order by "seq"`;
}

/**
 * The key of a trail's transaction-level advisory lock: the first 8 bytes of
 * SHA-256("audit_entry:<schema>") as a signed 64-bit integer, so each
 * subgraph's trail has its own lock, the same in every process.
 */
export function advisoryLockKey(schema: string): string {
  return createHash('sha256').update(`${AUDIT_TABLE}:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * A resolver for a sensitive field: records the read (ALLOWED) and only then
 * answers the value. If the record cannot be written the field fails (null,
 * with an error) and the value is never sent.
 */
export function auditedField<TParent, TValue>(field: string, rowIdOf: (parent: TParent) => string, valueOf: (parent: TParent) => TValue) {
  return async (parent: TParent, _args: unknown, { audit }: { audit: AuditRecorder }): Promise<TValue> => {
    await audit.record({ field, rowId: rowIdOf(parent), outcome: 'ALLOWED' });
    return valueOf(parent);
  };
}
