import { AuditEntryResolvers as AuditEntry } from '../../../kit/src/audit/index.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Case } from './Case.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { EvidenceItem } from './EvidenceItem.ts';
import { Query } from './Query.ts';
import { Survivor } from './Survivor.ts';
import { Suspect } from './Suspect.ts';

export const resolvers: Resolvers = { Query, Case, EvidenceItem, Survivor, Suspect, CommitteeDashboard, AuditEntry };
