/**
 * The audit trail of sensitive reads and of every refusal, written once for
 * every subgraph (DESIGN section 4): who, of which agency, read (or was
 * refused) which field of which row, when, for which stated purpose. Each
 * subgraph keeps its own trail, in its own schema:
 *
 *   - list AuditEntrySchema among its entities, and in its migrations/index.ts
 *     the trail's migrations, which this room owns (migrations/: their SQL
 *     written out, frozen; only the schema comes from the run). A subgraph
 *     starting its trail now lists, after its initial migration, in order,
 *       { name: 'Migration<timestamp>_audit_trail', class: AuditTrailTableDenialsWithoutRow },
 *       { name: 'Migration<timestamp>_audit_append_only', class: AuditTrailAppendOnly },
 *       { name: 'Migration<timestamp>_audit_entries_by_field', class: AuditEntriesByField },
 *     with timestamps that keep that order (`npm run migration:create`
 *     sorts the list by name and keeps these entries). A name a database
 *     has recorded never changes, and a migration applied anywhere is never
 *     edited: a change to the trail is a new migration here, which each
 *     subgraph lists under a name of its own;
 *   - wrap each sensitive field's resolver in auditedField() (or call
 *     `context.audit.record()` before answering, DENIED included);
 *   - serve auditTrailPage() and verifyAuditChain() to auditors.
 *
 * Refusals are recorded by the access enforcement (#policy)
 * and, for the fields the gateway takes out before planning, through
 * REFUSALS_PATH (refusals.ts).
 *
 * This file is the public surface; the rest of the folder is internal.
 */
export { AUDIT_TABLE, AuditEntrySchema, type AuditEntry, AuditEntryWithMutationsSchema, keepsAuditTrail } from './audit-entry.entity.ts';
export { AuditMutationOutcomes } from './migrations/mutation-outcomes.ts';
export { AuditLog, auditedField, type AuditRecorder, type MutationRecord, UNRECORDED } from './audit-log.ts';
export { AUDIT_WRITE_STATEMENTS, AuditChainWriter } from './chain-writer.ts';
export { AuditTrailTable } from './migrations/trail-table.ts';
export { AuditTrailAppendOnly } from './migrations/append-only.ts';
export { AuditDenialsWithoutRow } from './migrations/denials-without-row.ts';
export { AuditTrailTableDenialsWithoutRow } from './migrations/trail-table-denials-without-row.ts';
export { AuditEntriesByField } from './migrations/entries-by-field.ts';
export { auditEntryHash, GENESIS_HASH, verifyAuditChain } from './chain.ts';
export { AuditEntryResolvers, auditTrailPage, auditTrailWhere } from './trail.ts';
export { REFUSALS_PATH, refusalRecorder } from './refusals.ts';
