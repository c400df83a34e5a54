import { AuditEntryResolvers as AuditEntry } from '../../../kit/src/audit/index.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { Offender, RegistrantNotification } from './Offender.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Offender, RegistrantNotification, CommitteeDashboard, AuditEntry };
