import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { Offender, RegistrantNotification } from './Offender.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Offender, RegistrantNotification, CommitteeDashboard, AuditEntry };
