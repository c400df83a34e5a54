/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { Connection } from '../../kit/src/pagination.ts';
import type { AuditEntry } from '../../kit/src/audit/index.ts';
import type { Offender } from './entities/offender.entity.ts';

export type { Offender } from './entities/offender.entity.ts';
export type { RegistrantNotification } from './entities/registrant-notification.entity.ts';
export type OffenderConnection = Connection<Offender>;

export type { AuditEntry } from '../../kit/src/audit/index.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
