import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { ComplianceSettings } from '../compliance/index.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { mutationResolvers } from './Mutation.ts';
import { Offender, RegistrantNotification } from './Offender.ts';
import { Query } from './Query.ts';

/** The register's resolvers; its mutations judge compliance by the subgraph's settings (REGISTER_*). */
export const resolversWith = (settings: () => ComplianceSettings): Resolvers => ({
  Query,
  Mutation: mutationResolvers(settings),
  Offender,
  RegistrantNotification,
  CommitteeDashboard,
  AuditEntry,
});
