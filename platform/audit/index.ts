/**
 * The audit trail of sensitive reads and of every refusal, written once for
 * every subgraph (DESIGN section 4): who, of which agency, read (or was
 * refused) which field of which row, when, for which stated purpose. Each
 * subgraph keeps its own trail, in its own schema:
 *
 *   - list AuditEntrySchema among its entities, and add a migration of its
 *     own with appendOnlyAuditTrailSql() after the generated one;
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
export { AUDIT_TABLE, AuditEntrySchema, type AuditEntry } from './audit-entry.entity.ts';
export { AuditLog, auditedField, type AuditRecorder, UNRECORDED } from './audit-log.ts';
export { AUDIT_WRITE_STATEMENTS, AuditChainWriter } from './chain-writer.ts';
export { appendOnlyAuditTrailSql } from './append-only.ts';
export { auditEntriesByFieldSql } from './entries-by-field.ts';
export { auditEntryHash, GENESIS_HASH, verifyAuditChain } from './chain.ts';
export { AuditEntryResolvers, auditTrailPage, auditTrailWhere } from './trail.ts';
export { REFUSALS_PATH, refusalRecorder } from './refusals.ts';
