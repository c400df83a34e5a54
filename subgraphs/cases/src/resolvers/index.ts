import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Case } from './Case.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { EvidenceItem } from './EvidenceItem.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Survivor } from './Survivor.ts';
import { Suspect } from './Suspect.ts';

export const resolvers: Resolvers = { Query, Mutation, Case, EvidenceItem, Survivor, Suspect, CommitteeDashboard, AuditEntry };
