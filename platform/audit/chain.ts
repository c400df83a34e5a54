import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Agency, AuditOutcome } from '#reference-data';
import { auditEntityOf, type AuditEntry } from './audit-entry.entity.ts';

/**
 * The hash chain of an audit trail.
 *
 * Every entry's `hash` is the SHA-256, in lower-case hex, of the UTF-8 bytes
 * of its canonical serialisation: a JSON array (JSON.stringify, no spaces) of
 *
 *   ["audit-entry/v2", previousHash, seq, recordedAt, requestId, subject,
 *    agency, field, rowIds, purpose, outcome]
 *
 * in that order, where `seq` is the decimal string of the sequence number,
 * `recordedAt` is ISO 8601 in UTC with milliseconds (`Date#toISOString`),
 * `rowIds` is the array of lower-case UUIDs in their stored order (empty for
 * a refusal decided before any row was read), `purpose` is a string or null,
 * and every other value is the string stored. `previousHash` is the `hash` of
 * the entry with the next lower `seq`, or GENESIS_HASH for the first entry.
 * JSON quoting makes the serialisation unambiguous (no value can run into the
 * next), and the leading version tag keeps the formats apart.
 *
 * Entries written before entries were grouped by field (row_ids null) were
 * hashed in the first format, which the chain still checks as written:
 * "audit-entry/v1" and, in place of rowIds, the single `rowId` (or null).
 *
 * Changing any field of any entry, its `seq` included, changes its hash, and
 * each hash is in the next entry's `previousHash`: an entry altered, removed
 * or inserted breaks the chain where it happened.
 */
const AUDIT_HASH_VERSION = 'audit-entry/v2';
const FIRST_HASH_VERSION = 'audit-entry/v1';

/** What the first entry of every chain chains to: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers. */
export interface ChainedAuditFields {
  previousHash: string;
  seq: string;
  recordedAt: Date;
  requestId: string;
  subject: string;
  agency: Agency;
  field: string;
  /** The rows, each once; null only on entries of the first format. */
  rowIds: readonly string[] | null | undefined;
  /** The single row of an entry of the first format; absent on later ones. */
  rowId?: string | null | undefined;
  purpose: string | null | undefined;
  outcome: AuditOutcome;
}

/** The canonical serialisation the hash is taken over (see above). */
export function canonicalAuditEntry(entry: ChainedAuditFields): string {
  const firstFormat = entry.rowIds === null || entry.rowIds === undefined;
  return JSON.stringify([
    firstFormat ? FIRST_HASH_VERSION : AUDIT_HASH_VERSION,
    entry.previousHash,
    entry.seq,
    entry.recordedAt.toISOString(),
    entry.requestId,
    entry.subject,
    entry.agency,
    entry.field,
    firstFormat ? (entry.rowId ?? null) : entry.rowIds,
    entry.purpose ?? null,
    entry.outcome,
  ]);
}

export function auditEntryHash(entry: ChainedAuditFields): string {
  return createHash('sha256').update(canonicalAuditEntry(entry), 'utf8').digest('hex');
}

interface AuditChainReport {
  /** Every entry's hash is right and chains to the one before it. */
  ok: boolean;
  /** Entries read, up to and including the first broken one. */
  entriesChecked: number;
  /** `seq` of the first entry whose hash is wrong or does not chain to the entry before it; null when ok. */
  firstBrokenSeq: string | null;
}

interface VerifyAuditChainOptions {
  /** Entries read per statement; default 1,000. */
  pageSize?: number;
}

/**
 * Walks a subgraph's audit trail in `seq` order, a page at a time (entries
 * are not kept: memory does not grow with the trail), recomputing each hash
 * and checking it links to the one before. Stops at the first broken link.
 *
 * An entry edited in place is reported itself (its hash no longer matches);
 * one removed or inserted is reported at the entry after the gap, whose
 * `previousHash` no longer names its predecessor. What a chain alone cannot
 * show is entries cut off its end: compare the last hash with one kept
 * elsewhere for that.
 */
export async function verifyAuditChain(em: EntityManager, options: VerifyAuditChainOptions = {}): Promise<AuditChainReport> {
  const pageSize = options.pageSize ?? 1_000;
  let expectedPrevious = GENESIS_HASH;
  let entriesChecked = 0;
  let afterSeq: string | null = null;
  for (;;) {
    const page: AuditEntry[] = await em.find(auditEntityOf(em), afterSeq === null ? {} : { seq: { $gt: afterSeq } }, {
      orderBy: { seq: 'ASC' },
      limit: pageSize,
      disableIdentityMap: true,
    });
    for (const entry of page) {
      entriesChecked += 1;
      if (entry.previousHash !== expectedPrevious || auditEntryHash(entry) !== entry.hash) {
        return { ok: false, entriesChecked, firstBrokenSeq: entry.seq };
      }
      expectedPrevious = entry.hash;
    }
    if (page.length < pageSize) return { ok: true, entriesChecked, firstBrokenSeq: null };
    afterSeq = page.at(-1)!.seq;
  }
}
