import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AGENCIES, AUDIT_OUTCOMES } from '../enums.ts';

/**
 * One sensitive read, or one refusal of any field: who, of which agency, read which field
 * of which row, when, for which stated purpose, and whether it was answered.
 * A subgraph that serves sensitive fields lists this entity among its own, so
 * its trail lives in its own schema, next to the rows it is about.
 *
 * Append-only: the entries are written by AuditLog alone, and the database
 * refuses UPDATE, DELETE and TRUNCATE (see append-only.ts). Each entry's
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
     * The row the value belongs to: the case for a survivor's identity, the
     * register entry for an offender's. Null for a refusal decided before any
     * row was read (the caller's agency may never read the field).
     */
    rowId: p.uuid().nullable(),
    /** The case reference stated in `x-case-purpose`, if any. */
    purpose: p.string().length(64).nullable(),
    outcome: p.enum(AUDIT_OUTCOMES),
    /** SHA-256, hex: the hash of the entry before this one (the genesis value for the first). */
    previousHash: p.string().length(64),
    /** SHA-256, hex, of this entry chained to the previous one. */
    hash: p.string().length(64),
  },
  // The trail is listed newest first (by seq); the filters an auditor reaches
  // for first (who, which row, denials, when) each lead an index ending in it.
  indexes: [
    { name: 'audit_entry_subject_seq_index', properties: ['subject', 'seq'] },
    { name: 'audit_entry_row_id_seq_index', properties: ['rowId', 'seq'] },
    { name: 'audit_entry_outcome_seq_index', properties: ['outcome', 'seq'] },
    { name: 'audit_entry_recorded_at_seq_index', properties: ['recordedAt', 'seq'] },
  ],
});

export type AuditEntry = InferEntity<typeof AuditEntrySchema>;

/** The table's name, for the SQL the ORM cannot write (the chained insert, the append-only triggers). */
export const AUDIT_TABLE = 'audit_entry';
