/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { AuditEntry } from '#audit';
import type { Connection } from '#storage';
import type { Conviction } from './entities/conviction.entity.ts';
import type { Trial } from './entities/trial.entity.ts';
import type { VerdictOutcome } from '#reference-data';

export type { Charge } from './entities/charge.entity.ts';
export type { Conviction } from './entities/conviction.entity.ts';
export type { Hearing } from './entities/hearing.entity.ts';
export type { Prosecutor } from './entities/prosecutor.entity.ts';
export type { SpecialCourt } from './entities/special-court.entity.ts';
export type { Trial } from './entities/trial.entity.ts';

export type TrialConnection = Connection<Trial>;

/** A decided trial's verdict: its columns on the trial row, which it carries (its row, for the row rules); its convictions are loaded by trial id. */
export interface Verdict {
  trial: Trial;
  trialId: string;
  decidedAt: Date;
  outcome: VerdictOutcome;
}

/** A sentence is stored in its conviction's columns. */
export type Sentence = Conviction;

/** So is an appellate court's decision on it. */
export type AppealDecision = Conviction;

/** A case is owned by the cases subgraph: here it is only its key. */
export interface Case {
  id: string;
}

/** A register entry is owned by the offenders subgraph: here it is only its key. */
export interface Offender {
  id: string;
}

export type { AuditEntry } from '#audit';
/** A dashboard is its parameters; each section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '#committee-metrics';
export type { CourtMetricsAnswer as CourtMetrics } from './metrics.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
