import { createHash } from 'node:crypto';
import type { Connection, EntityManager, Transaction } from '@mikro-orm/core';
import type { Logger } from '#service';
import { countingStatementsOn, talliesInScope, type StatementTally } from '#storage';
import { AUDIT_TABLE, auditEntityIn } from './audit-entry.entity.ts';
import { auditEntryHash, GENESIS_HASH, type ChainedAuditFields } from './chain.ts';

/** An entry as a request hands it over: the chain adds its sequence number, its time and the hashes. */
export type UnchainedEntry = Omit<ChainedAuditFields, 'previousHash' | 'seq' | 'recordedAt' | 'rowIds' | 'rowId'> & {
  rowIds: readonly string[];
};

/** SQL statements one write costs (lock, chain head, insert), whatever its size: for statement-count tests. */
export const AUDIT_WRITE_STATEMENTS = 3;

interface AuditChainWriterOptions {
  /** A fresh EntityManager of the subgraph's database, for each write. */
  em: () => EntityManager;
  /** The PostgreSQL schema holding the trail's `audit_entry`. */
  schema: string;
  logger?: Logger;
  /** Most entries one write takes; default 10,000. A request's entries are never split. */
  maxEntriesPerWrite?: number;
}

interface Waiting {
  entries: readonly UnchainedEntry[];
  /** Who counts the statements of the request that handed them over (tests, by request id). */
  tallies: readonly StatementTally[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends entries to one subgraph's trail, for every request of the process
 * (group commit): while one write is in flight, the entries of every request
 * that arrives meanwhile wait, and the next write takes them all, each
 * request's entries consecutive on the chain, in the order they came.
 *
 * A write is one transaction, which takes the trail's advisory lock (so
 * writers in this process or another append one after the other and the
 * chain stays linear), reads the chain's last hash and reserves the sequence
 * numbers in one statement, and inserts every entry, hashed and chained, in
 * one more. The lock is held until the commit, so without grouping every
 * request waited its turn for a whole commit; now concurrent requests share
 * one.
 *
 * `append()` resolves once its entries are committed. If a shared write
 * fails, each request's entries are written again alone, so one request's
 * bad entry fails that request only.
 */
export class AuditChainWriter {
  readonly #options: AuditChainWriterOptions;
  readonly #waiting: Waiting[] = [];
  #draining = false;

  constructor(options: AuditChainWriterOptions) {
    this.#options = options;
  }

  append(entries: readonly UnchainedEntry[]): Promise<void> {
    const tallies = talliesInScope();
    const appended = new Promise<void>((resolve, reject) => this.#waiting.push({ entries, tallies, resolve, reject }));
    if (!this.#draining) {
      this.#draining = true;
      void this.#drain();
    }
    return appended;
  }

  async #drain() {
    const most = this.#options.maxEntriesPerWrite ?? 10_000;
    try {
      while (this.#waiting.length > 0) {
        let count = 0;
        let take = 0;
        while (take < this.#waiting.length && (take === 0 || count + this.#waiting[take]!.entries.length <= most))
          count += this.#waiting[take++]!.entries.length;
        const batch = this.#waiting.splice(0, take);
        try {
          await this.#writeFor(batch);
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          this.#options.logger?.warn(
            { err: error, requests: batch.length },
            "a shared audit write failed: writing each request's entries alone",
          );
          for (const waiting of batch) await this.#writeFor([waiting]).then(waiting.resolve, waiting.reject);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * The write runs in the async context of whichever request began the
   * drain; its statements are counted for every request whose entries it
   * carries instead, once each, as each of them would have paid for them alone.
   */
  #writeFor(batch: readonly Waiting[]): Promise<void> {
    const tallies = new Set(batch.flatMap((waiting) => waiting.tallies));
    return countingStatementsOn([...tallies], () => this.#write(batch.flatMap((waiting) => waiting.entries)));
  }

  async #write(unchained: readonly UnchainedEntry[]): Promise<void> {
    const em = this.#options.em();
    if (!auditEntityIn(em)) throw new Error('this subgraph keeps no audit trail: list AuditEntrySchema among its entities');
    await em.getConnection().transactional((trx) => appendChained(em.getConnection(), trx, this.#options.schema, unchained));
  }

  /**
   * Appends entries inside a transaction the caller has open (a mutation's,
   * `em` being its transactional EntityManager), at the same cost as a write
   * of its own (AUDIT_WRITE_STATEMENTS): they commit with the change or not at
   * all. The trail's advisory lock is then held until that transaction ends,
   * so append them last, once the change is made.
   */
  async appendWithin(em: EntityManager, entries: readonly UnchainedEntry[]): Promise<void> {
    const trx = em.getTransactionContext();
    if (!trx) throw new Error('appendWithin needs the EntityManager of an open transaction');
    if (!auditEntityIn(em)) throw new Error('this subgraph keeps no audit trail: list AuditEntrySchema among its entities');
    await appendChained(em.getConnection(), trx, this.#options.schema, entries);
  }
}

/**
 * One append, in an open transaction: the trail's lock, the chain's head and
 * the sequence numbers, then every entry hashed and chained, in one insert.
 */
async function appendChained(
  connection: Connection,
  trx: Transaction,
  schema: string,
  unchained: readonly UnchainedEntry[],
): Promise<void> {
  const table = `"${schema}"."${AUDIT_TABLE}"`;
  // Held until commit: whoever holds it appends the chain's next entries.
  await connection.execute('select pg_advisory_xact_lock(?::bigint)', [advisoryLockKey(schema)], 'run', trx);
  // A statement of its own, after the lock, so it sees the entries the previous holder committed.
  const head = await connection.execute<{ previous: string | null; seqs: string[] }>(
    `select (select "hash" from ${table} order by "seq" desc limit 1) as "previous",
            array(select nextval(pg_get_serial_sequence(?, 'seq'))::text from generate_series(1, ?)) as "seqs"`,
    [table, unchained.length],
    'get',
    trx,
  );
  const recordedAt = new Date();
  let previousHash = head.previous ?? GENESIS_HASH;
  const entries = unchained.map((entry, i) => {
    const fields: ChainedAuditFields = { ...entry, previousHash, seq: String(head.seqs[i]), recordedAt };
    const hash = auditEntryHash(fields);
    previousHash = hash;
    return { ...fields, recordedAt: recordedAt.toISOString(), hash };
  });
  // As bytes: the ORM inlines a string parameter into the SQL one character at a time (2.5 ms for a
  // page of 50 register entries' 150 reads), bytes as one hex literal, natively.
  await connection.execute(insertStatement(table), [Buffer.from(JSON.stringify(entries), 'utf8')], 'run', trx);
}

/** The batch as one JSON document (its UTF-8 bytes), unpacked by jsonb_to_recordset: one statement whatever its size. */
function insertStatement(table: string): string {
  return `insert into ${table} ("seq", "recorded_at", "request_id", "subject", "agency", "field", "row_ids", "purpose", "outcome", "previous_hash", "hash")
    select "seq", "recordedAt", "requestId", "subject", "agency", "field", "rowIds", "purpose", "outcome", "previousHash", "hash"
    from jsonb_to_recordset(convert_from(?::bytea, 'UTF8')::jsonb) as r("seq" bigint, "recordedAt" timestamptz, "requestId" text, "subject" text, "agency" text,
      "field" text, "rowIds" uuid[], "purpose" text, "outcome" text, "previousHash" text, "hash" text)
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
