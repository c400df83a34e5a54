/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { AuditEntry } from '#audit';
import type { Connection } from '#storage';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

export type { CrisisCell } from './entities/crisis-cell.entity.ts';
export type { StaffMember } from './entities/staff-member.entity.ts';
export type { CellVisit } from './entities/cell-visit.entity.ts';
export type CrisisCellConnection = Connection<CrisisCell>;

export type { AuditEntry } from '#audit';
export type AuditEntryConnection = Connection<AuditEntry>;
/** A dashboard is its parameters; the section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '#committee-metrics';
export type { CrisisCellMetricsAnswer as CrisisCellMetrics } from './metrics.ts';
