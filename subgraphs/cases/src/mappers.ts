/** What each GraphQL type's resolvers receive as `parent` (codegen mappers). */
import type { Connection } from '#storage';
import type { AuditEntry } from '#audit';
import type { Case } from './entities/case.entity.ts';

export type { Case } from './entities/case.entity.ts';
export type { Survivor } from './entities/survivor.entity.ts';
export type { MedicoLegalExam } from './entities/medico-legal-exam.entity.ts';
export type { EvidenceItem } from './entities/evidence-item.entity.ts';
export type { CustodyTransfer } from './entities/custody-transfer.entity.ts';
export type { CounsellingSession } from './entities/counselling-session.entity.ts';
export type { CaseClosure } from './entities/case-closure.entity.ts';
export type { Fir } from './entities/fir.entity.ts';
export type { Investigation } from './entities/investigation.entity.ts';
export type { Suspect } from './entities/suspect.entity.ts';
export type CaseConnection = Connection<Case>;

/** A reference to a crisis cell, resolved by the crisis-cells subgraph. */
export interface CrisisCell {
  __typename: 'CrisisCell';
  id: string;
}

/** A reference to a register entry by the suspect's CNIC, resolved by the offenders subgraph. */
export interface Offender {
  __typename: 'Offender';
  suspectCnic: string;
}

export type { AuditEntry } from '#audit';
/** A dashboard is its parameters; each section is computed from them. */
export type { DashboardQuery as CommitteeDashboard } from '#committee-metrics';
export type { CaseMetricsAnswer as CaseMetrics } from './metrics.ts';
export type AuditEntryConnection = Connection<AuditEntry>;
