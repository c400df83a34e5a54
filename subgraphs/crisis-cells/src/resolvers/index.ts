import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { CellVisit } from './CellVisit.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { CrisisCell } from './CrisisCell.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = { Query, Mutation, CrisisCell, CellVisit, CommitteeDashboard, AuditEntry };
