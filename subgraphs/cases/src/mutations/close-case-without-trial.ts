import { checkExpectedVersion } from '#mutation';
import type { MutationSteps, UserError } from '#mutation';
import type { CaseStatus, InvestigationStatus } from '#reference-data';
import { CaseClosureSchema, type ClosureReason } from '../entities/case-closure.entity.ts';
import type { Case } from '../entities/case.entity.ts';
import { type Investigation, InvestigationSchema } from '../entities/investigation.entity.ts';
import type { CloseCaseWithoutTrialInput } from '../generated/resolvers-types.ts';
import { assignedOfficerSteps, type OfficersCase } from './case-assignment.ts';
import { moveCase, refusedUpdate } from './case-status.ts';

/**
 * The reasons that fit each status a case may close from: before an FIR
 * there is no investigation to end, after it there is no declining (the
 * offences are not compoundable) and a duplicate FIR is the court's to quash.
 */
const REASONS_FROM: Partial<Record<CaseStatus, readonly ClosureReason[]>> = {
  REPORTED: ['SURVIVOR_DECLINED', 'DUPLICATE_REPORT'],
  UNDER_INVESTIGATION: ['UNTRACED', 'INSUFFICIENT_EVIDENCE'],
};

/** The investigation's own status once the case closes for the reason (the reasons after an FIR). */
const INVESTIGATION_CLOSED_AS: Partial<Record<ClosureReason, InvestigationStatus>> = {
  UNTRACED: 'CLOSED_UNTRACED',
  INSUFFICIENT_EVIDENCE: 'CLOSED_INSUFFICIENT_EVIDENCE',
};

const MAX_EXPLANATION = 2_000;

type CaseForClosure = OfficersCase<{ investigation: Investigation | null }>;

/** closeCaseWithoutTrial: the case's assigned officer closes a reported case, or one under investigation, for a stated reason. */
export const closeCaseWithoutTrial: MutationSteps<CloseCaseWithoutTrialInput, CaseForClosure, Case> = {
  // The case, whether the caller is its officer, and its investigation when it has one.
  ...assignedOfficerSteps('closeCaseWithoutTrial', async (tx, found) => ({
    investigation: await tx.findOne(InvestigationSchema, { case: found.id }),
  })),

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.text(['input', 'explanation'], input.explanation, MAX_EXPLANATION);
  },

  check({ case: row }, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'closeCaseWithoutTrial');
    if (refused.length > 0) return refused;
    const fitting = REASONS_FROM[row.status] ?? [];
    checks.that(['input', 'reason'], fitting.includes(input.reason), `A case in status ${row.status} closes as ${fitting.join(' or ')}.`);
    return [];
  },

  async change(tx, { case: row, investigation }, input) {
    const closedAt = new Date();
    tx.create(CaseClosureSchema, { case: row, reason: input.reason, explanation: input.explanation.trim(), closedAt });
    const closedAs = INVESTIGATION_CLOSED_AS[input.reason];
    if (investigation && closedAs) investigation.status = closedAs;
    moveCase(row, 'closeCaseWithoutTrial');
    row.version += 1;
    return { entity: row, rowIds: [row.id] };
  },
};
