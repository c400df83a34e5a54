import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { Agency, AuditOutcome } from '#reference-data';
import { isUuid } from '#reference-data';
import { keysetPage, pageSize, type Connection } from '#storage';
import { AUDIT_TABLE, auditEntityOf, type AuditEntry } from './audit-entry.entity.ts';

/** `AuditEntryFilter` of the SDL: every condition optional, all of them must hold. */
interface AuditTrailFilter {
  subject?: string | null;
  agency?: Agency | null;
  field?: string | null;
  rowId?: string | null;
  outcome?: AuditOutcome | null;
  recordedFrom?: Date | string | null;
  recordedBefore?: Date | string | null;
}

interface AuditTrailArgs {
  filter?: AuditTrailFilter | null;
  first?: number | null;
  after?: string | null;
}

const AUDIT_PAGE = { defaultSize: 100, maxSize: 1_000 };

/** `AuditEntry.rowIds`: an entry of the first format names its one row (or none) in `rowId`. */
function rowIdsOf(entry: Pick<AuditEntry, 'rowId' | 'rowIds'>): string[] {
  return entry.rowIds ?? (entry.rowId ? [entry.rowId] : []);
}

/** The resolvers of the shared `AuditEntry` type, for every subgraph that keeps a trail. */
export const AuditEntryResolvers = { rowIds: rowIdsOf };

/** A page of a subgraph's audit trail, newest first (by `seq`, the chain's order). */
export function auditTrailPage(em: EntityManager, { filter, first, after }: AuditTrailArgs): Promise<Connection<AuditEntry>> {
  return keysetPage(em, {
    entity: auditEntityOf(em),
    where: auditTrailWhere(filter, em.config.get('schema')),
    orderBy: 'seq',
    direction: 'DESC',
    uniqueSortKey: true,
    first: pageSize(first, AUDIT_PAGE),
    after,
  });
}

/** The filter as a condition on the trail in `schema`. */
export function auditTrailWhere(filter: AuditTrailFilter | null | undefined, schema: string): FilterQuery<AuditEntry> {
  const where: FilterQuery<AuditEntry> & Record<string, unknown> = {};
  if (!filter) return where;
  if (filter.subject) where.subject = filter.subject;
  if (filter.agency) where.agency = filter.agency;
  if (filter.field) where.field = filter.field;
  // A malformed id names no row: match nothing rather than let the uuid column reject it.
  if (filter.rowId) {
    if (!isUuid(filter.rowId)) where.seq = { $in: [] };
    else {
      // The entries naming the row, found through its indexes (GIN on row_ids, the first format's row_id)
      // and then paged by seq. Written as `row_ids @> … or row_id = …`, PostgreSQL misjudges how rare a
      // row is and walks the whole trail backwards by seq: 1.6 s for an unread row in 545,000 entries.
      const table = `"${schema}"."${AUDIT_TABLE}"`;
      const row = filter.rowId.toLowerCase();
      where[
        raw(
          (alias: string) =>
            `${alias}."seq" in (select "seq" from ${table} where "row_ids" @> array[?]::uuid[] union all select "seq" from ${table} where "row_id" = ?)`,
          [row, row],
        ) as unknown as string
      ] = [];
    }
  }
  if (filter.outcome) where.outcome = filter.outcome;
  const recordedAt: Record<string, Date> = {};
  if (filter.recordedFrom) recordedAt.$gte = new Date(filter.recordedFrom);
  if (filter.recordedBefore) recordedAt.$lt = new Date(filter.recordedBefore);
  if (Object.keys(recordedAt).length > 0) where.recordedAt = recordedAt;
  return where;
}
