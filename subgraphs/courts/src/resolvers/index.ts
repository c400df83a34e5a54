import { AuditEntryResolvers as AuditEntry } from '#audit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Case } from './Case.ts';
import { CommitteeDashboard } from './CommitteeDashboard.ts';
import { AppealDecision, Conviction, Sentence } from './Conviction.ts';
import { Mutation } from './Mutation.ts';
import { Offender } from './Offender.ts';
import { Query } from './Query.ts';
import { Trial, Verdict } from './Trial.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Trial,
  Verdict,
  Conviction,
  Sentence,
  AppealDecision,
  Case,
  Offender,
  CommitteeDashboard,
  AuditEntry,
};
