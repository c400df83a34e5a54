import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { Query } from './Query.ts';
import { CrisisCell } from './CrisisCell.ts';

export const resolvers: Resolvers = { Query, CrisisCell, CommitteeDashboard, AuditEntry };
