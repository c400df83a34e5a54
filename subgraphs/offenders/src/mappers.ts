/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { Connection } from '../../kit/src/pagination.ts';
import type { AuditEntry } from '../../kit/src/audit/index.ts';
import type { Offender } from './entities/offender.entity.ts';

export type { Offender } from './entities/offender.entity.ts';
export type { RegistrantNotification } from './entities/registrant-notification.entity.ts';
export type OffenderConnection = Connection<Offender>;

export type { AuditEntry } from '../../kit/src/audit/index.ts';
/** A dashboard is its parameters; each section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '../../kit/src/metrics/dashboard.ts';
export type { RegisterMetricsAnswer as RegisterMetrics } from './metrics.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
