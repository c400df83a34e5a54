import { defineEntity, p, type EntityManager, type EntityName, type InferEntity } from '@mikro-orm/core';
import { AGENCIES, AUDIT_OUTCOMES, READ_AUDIT_OUTCOMES } from '#reference-data';

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
const auditEntrySchemaOf = (outcomes: readonly string[]) =>
  defineEntity({
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
      /** The database admits the outcomes this subgraph's trail can record (see the two schemas below). */
      outcome: p.enum(outcomes as typeof AUDIT_OUTCOMES),
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

/** The trail of a subgraph that records reads and their refusals: ALLOWED, DENIED. */
export const AuditEntrySchema = auditEntrySchemaOf(READ_AUDIT_OUTCOMES);

/**
 * The trail of a subgraph that also serves mutations, which records each one
 * DONE, REFUSED or INVALID too; its migrations list AuditMutationOutcomes,
 * which widens the column's check. Two schemas of one entity, so a subgraph's
 * database admits the outcomes it can record and no other subgraph's
 * migrations change until it serves mutations. A subgraph lists one of the
 * two (`AUDIT_ENTRY_SCHEMAS`); the room reads and writes the entity by name.
 */
export const AuditEntryWithMutationsSchema = auditEntrySchemaOf(AUDIT_OUTCOMES);

export const AUDIT_ENTRY_SCHEMAS: readonly unknown[] = [AuditEntrySchema, AuditEntryWithMutationsSchema];

/** Whether a subgraph's entities include an audit trail (either schema). */
export const keepsAuditTrail = (entities: readonly unknown[]): boolean => entities.some((entity) => AUDIT_ENTRY_SCHEMAS.includes(entity));

/** The entity's name, by which the room finds whichever of the two schemas the subgraph lists. */
const AUDIT_ENTITY = 'AuditEntry';

export type AuditEntry = InferEntity<typeof AuditEntryWithMutationsSchema>;

/** The table's name, for the SQL the ORM cannot write (the chained insert, the append-only triggers). */
export const AUDIT_TABLE = 'audit_entry';

/** Whichever of the two schemas this database's subgraph lists; undefined when it keeps no trail. */
export function auditEntityIn(em: EntityManager): EntityName<AuditEntry> | undefined {
  return em.getMetadata().getByClassName<AuditEntry, false>(AUDIT_ENTITY, false)?.class as EntityName<AuditEntry> | undefined;
}

/** As {@link auditEntityIn}, for the room's reads of a trail the subgraph must keep. */
export function auditEntityOf(em: EntityManager): EntityName<AuditEntry> {
  const entity = auditEntityIn(em);
  if (!entity)
    throw new Error('this subgraph keeps no audit trail: list AuditEntrySchema (or AuditEntryWithMutationsSchema) among its entities');
  return entity;
}
