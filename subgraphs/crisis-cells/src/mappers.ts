/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { AuditEntry } from '../../kit/src/audit/index.ts';
import type { Connection } from '../../kit/src/pagination.ts';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

export type { CrisisCell } from './entities/crisis-cell.entity.ts';
export type { StaffMember } from './entities/staff-member.entity.ts';
export type CrisisCellConnection = Connection<CrisisCell>;

export type { AuditEntry } from '../../kit/src/audit/index.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
/** A dashboard is its parameters; the section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '../../kit/src/metrics/dashboard.ts';
export type { CrisisCellMetricsAnswer as CrisisCellMetrics } from './metrics.ts';
