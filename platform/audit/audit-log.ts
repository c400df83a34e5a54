import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Viewer } from '#identity';
import type { AuditOutcome } from '#reference-data';
import { AppError, ErrorCode } from '#service';
import { isUuid } from '#reference-data';
import type { Logger } from '#service';
import type { AuditChainWriter } from './chain-writer.ts';

/** One sensitive read to record; who, when and why come from the request. */
interface AuditRecord {
  /** Type and field, e.g. `Survivor.fullName`. */
  field: string;
  /** The row the value belongs to (a UUID); null for a refusal decided before any row was read. */
  rowId: string | null;
  outcome: AuditOutcome;
}

interface AuditLogOptions {
  /** The process's writer of this subgraph's trail, shared by its requests. */
  writer: AuditChainWriter;
  viewer: Viewer;
  requestId: string;
  /** The case reference the request stated (`x-case-purpose`). */
  purpose?: string;
  logger?: Logger;
}

/** One mutation to record (DESIGN section 7): the field, the rows it touched (none when it found none), its outcome. */
export interface MutationRecord {
  /** `Mutation.<name>`. */
  field: string;
  rowIds: readonly string[];
  outcome: Extract<AuditOutcome, 'DONE' | 'REFUSED' | 'INVALID'>;
}

/** Where a request's sensitive reads and refusals are recorded: an {@link AuditLog}. */
export interface AuditRecorder {
  /** Resolves once the read is on the trail; rejects if it cannot be recorded. */
  record(entry: AuditRecord): Promise<void>;
  /**
   * Appends a mutation's entry inside the transaction `em` has open, so it
   * commits with the change or not at all. Call it last in the transaction.
   */
  /** Every record in one append (one lock, one chain step), in the caller's transaction. */
  recordWithin(em: EntityManager, entries: MutationRecord | readonly MutationRecord[]): Promise<void>;
}

/**
 * Records nothing: what a subgraph assembled without its audit-trail part
 * holds. Only for measuring what the audit trail costs (bench/); refused
 * when NODE_ENV=production.
 */
export const UNRECORDED: AuditRecorder = { record: () => Promise.resolve(), recordWithin: () => Promise.resolve() };

/** What a client sees in place of a value whose read could not be recorded. */
class AuditWriteError extends AppError {
  constructor() {
    super(ErrorCode.INTERNAL_SERVER_ERROR, 'Withheld: this read could not be recorded in the audit trail.');
  }
}

const MAX_FIELD_LENGTH = 64;

/**
 * A request's audit log: every sensitive read of the request is recorded
 * here before its value is returned (see `auditedField`).
 *
 * Records made in the same tick (all the survivors of a page of cases, say)
 * are collected the way DataLoader collects keys and become one entry per
 * field and outcome, naming every row in the order recorded
 * ({@link groupByField}). The trail's writer (chain-writer.ts) appends them,
 * consecutive, in one transaction shared with the other requests waiting at
 * that moment.
 *
 * `record()` settles once the entries are committed, or rejects (with
 * AuditWriteError, the cause logged) if they could not be: the value is then
 * not returned. One per request, created with the request's context; no
 * state outlives it.
 */
export class AuditLog implements AuditRecorder {
  readonly #options: AuditLogOptions;
  readonly #batches: DataLoader<AuditRecord, undefined>;

  constructor(options: AuditLogOptions) {
    this.#options = options;
    this.#batches = new DataLoader((records) => this.#write(records), { cache: false });
  }

  /** Resolves once the read is on the trail; rejects if it cannot be recorded. */
  async record(entry: AuditRecord): Promise<void> {
    if ((entry.rowId !== null && !isUuid(entry.rowId)) || entry.field.length === 0 || entry.field.length > MAX_FIELD_LENGTH) {
      this.#options.logger?.error({ requestId: this.#options.requestId, entry }, 'refused to record a malformed audit entry');
      return Promise.reject(new AuditWriteError());
    }
    await this.#batches.load(entry);
  }

  async recordWithin(em: EntityManager, entries: MutationRecord | readonly MutationRecord[]): Promise<void> {
    const { writer, viewer, requestId, purpose } = this.#options;
    const records = Array.isArray(entries) ? (entries as readonly MutationRecord[]) : [entries as MutationRecord];
    for (const entry of records)
      if (!entry.rowIds.every(isUuid) || entry.field.length === 0 || entry.field.length > MAX_FIELD_LENGTH) throw new AuditWriteError();
    await writer.appendWithin(
      em,
      records.map((entry) => ({
        requestId,
        subject: viewer.sub,
        agency: viewer.agency,
        purpose: purpose ?? null,
        field: entry.field,
        outcome: entry.outcome,
        rowIds: [...new Set(entry.rowIds.map((id) => id.toLowerCase()))],
      })),
    );
  }

  async #write(records: readonly AuditRecord[]): Promise<undefined[]> {
    const { writer, viewer, requestId, purpose, logger } = this.#options;
    try {
      await writer.append(
        groupByField(records).map((group) => ({
          requestId,
          subject: viewer.sub,
          agency: viewer.agency,
          purpose: purpose ?? null,
          ...group,
        })),
      );
    } catch (error) {
      logger?.error({ err: error, requestId, entries: records.length }, 'audit entries could not be written: their values are withheld');
      throw new AuditWriteError();
    }
    return records.map(() => undefined);
  }
}

/** What one trail entry says of a batch of records: a field, an outcome and its rows. */
interface FieldRecords {
  field: string;
  outcome: AuditOutcome;
  rowIds: string[];
}

/**
 * The records of one batch as trail entries: one per field and outcome, in
 * the order each first appears, naming its rows in the order recorded, each
 * once (lower-case). Refusals decided before any row was read (rowId null)
 * get an entry of their own with no rows, so an entry never mixes the two.
 */
export function groupByField(records: readonly AuditRecord[]): FieldRecords[] {
  // A Set keeps its first insertion order: rows in the order recorded, each once.
  const groups = new Map<string, { field: string; outcome: AuditOutcome; rows: Set<string> }>();
  for (const { field, outcome, rowId } of records) {
    const key = JSON.stringify([field, outcome, rowId === null]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { field, outcome, rows: new Set() }));
    if (rowId !== null) group.rows.add(rowId.toLowerCase());
  }
  return [...groups.values()].map(({ field, outcome, rows }) => ({ field, outcome, rowIds: [...rows] }));
}

/**
 * A resolver for a sensitive field: records the read (ALLOWED) and only then
 * answers the value. If the record cannot be written the field fails (null,
 * with an error) and the value is never sent.
 */
export function auditedField<TParent, TValue>(field: string, rowIdOf: (parent: TParent) => string, read: (parent: TParent) => TValue) {
  return async (parent: TParent, _args: unknown, { audit }: { audit: AuditRecorder }): Promise<TValue> => {
    await audit.record({ field, rowId: rowIdOf(parent), outcome: 'ALLOWED' });
    return read(parent);
  };
}
