import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AGENCIES, AUDIT_OUTCOMES } from '#reference-data';

/**
 * The sensitive reads of one field in one request, or its refusals: who, of
 * which agency, read which field of which rows, when, for which stated
 * purpose, and whether it was answered. A page of 50 register entries is one
 * entry per identity field naming its 50 rows, not 150 entries: the trail's
 * cost per request no longer grows with the page (bench/RESULTS.md, W3).
 * A subgraph that serves sensitive fields lists this entity among its own, so
 * its trail lives in its own schema, next to the rows it is about.
 *
 * Append-only: the entries are written by AuditLog alone, and the database
 * refuses UPDATE, DELETE and TRUNCATE (see migrations/append-only.ts). Each entry's
 * `hash` covers its fields and the previous entry's hash (see chain.ts), so
 * an entry altered behind the trigger's back breaks the chain at that entry.
 */
export const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    /** Position in the chain (bigserial): the chain is walked in this order. Read as a decimal string. */
    seq: p.bigint('string').primary().autoincrement(),
    recordedAt: p.datetime(),
    /** The request id every log line of the request carries (x-request-id). */
    requestId: p.string().length(128),
    /** The token's subject; 'anonymous' without a token. */
    subject: p.text(),
    agency: p.enum(AGENCIES),
    /** Type and field, e.g. `Survivor.fullName`. */
    field: p.string().length(64),
    /**
     * Entries of the first format (audit-entry/v1, before grouping) name one
     * row here: the case for a survivor's identity, the register entry for an
     * offender's; null for a refusal decided before any row was read. Null on
     * every later entry, which uses `rowIds`.
     */
    rowId: p.uuid().nullable(),
    /**
     * The rows whose value was read or refused, in the order they were first
     * recorded, each once; empty for a refusal decided before any row was
     * read (the caller's agency may never read the field). Null only on
     * entries of the first format, which use `rowId`: a null here is what
     * tells the chain which format an entry was hashed in (chain.ts).
     */
    rowIds: p.array().columnType('uuid[]').nullable(),
    /** The case reference stated in `x-case-purpose`, if any. */
    purpose: p.string().length(64).nullable(),
    outcome: p.enum(AUDIT_OUTCOMES),
    /** SHA-256, hex: the hash of the entry before this one (the genesis value for the first). */
    previousHash: p.string().length(64),
    /** SHA-256, hex, of this entry chained to the previous one. */
    hash: p.string().length(64),
  },
  // The trail is listed newest first (by seq); the filters an auditor reaches
  // for first (who, denials, when) each lead an index ending in it. Which
  // rows: a GIN index on the array, and the first format's single row.
  indexes: [
    { name: 'audit_entry_subject_seq_index', properties: ['subject', 'seq'] },
    { name: 'audit_entry_row_id_seq_index', properties: ['rowId', 'seq'], where: 'row_id is not null' },
    { name: 'audit_entry_row_ids_index', properties: ['rowIds'], type: 'gin' },
    { name: 'audit_entry_outcome_seq_index', properties: ['outcome', 'seq'] },
    { name: 'audit_entry_recorded_at_seq_index', properties: ['recordedAt', 'seq'] },
  ],
});

export type AuditEntry = InferEntity<typeof AuditEntrySchema>;

/** The table's name, for the SQL the ORM cannot write (the chained insert, the append-only triggers). */
export const AUDIT_TABLE = 'audit_entry';
