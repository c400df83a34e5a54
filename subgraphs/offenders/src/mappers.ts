/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { Connection } from '#storage';
import type { AuditEntry } from '#audit';
import type { Offender } from './entities/offender.entity.ts';

export type { Offender } from './entities/offender.entity.ts';
export type { RegistrantNotification } from './entities/registrant-notification.entity.ts';
import type { RegisterConviction } from './entities/register-conviction.entity.ts';
/** A conviction on an entry's history (the courts' events). */
export type RegisterEntryConviction = RegisterConviction;
export type OffenderConnection = Connection<Offender>;

export type { AuditEntry } from '#audit';
/** A dashboard is its parameters; each section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '#committee-metrics';
export type { RegisterMetricsAnswer as RegisterMetrics } from './metrics.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
