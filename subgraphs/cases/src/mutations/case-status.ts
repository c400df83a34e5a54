import { invalidTransition, staleUnlessCurrent, type UserError } from '#mutation';
import { CASE_STATUSES, type CaseStatus } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';

/**
 * The case's state machine, written out in one place: every step a mutation
 * takes on a stored case, the statuses it may start from and, for the steps
 * that move the case, the status it moves to. Each case mutation consults
 * it ({@link refusedStep}); a step from any other status is INVALID_TRANSITION
 * naming the status the case is in.
 *
 *   REPORTED ──registerFir──▶ UNDER_INVESTIGATION ──fileChargeSheet──▶ CHARGE_SHEET_FILED
 *      │                           │                                        │ trialOpened (the courts' TrialOpened event)
 *      └──closeCaseWithoutTrial────┴──▶ CLOSED_WITHOUT_TRIAL                ▼
 *                                                                       ON_TRIAL ──verdictRecorded (VerdictRecorded)──▶ DECIDED
 *
 * CLOSED_WITHOUT_TRIAL and DECIDED are final: nothing moves a case out of
 * them (an appeal is the courts' record, not a new status of the case).
 */
export const CASE_STEPS = {
  // Steps that move the case.
  registerFir: { from: ['REPORTED'], to: 'UNDER_INVESTIGATION', does: 'registering an FIR' },
  fileChargeSheet: { from: ['UNDER_INVESTIGATION'], to: 'CHARGE_SHEET_FILED', does: 'filing a charge sheet' },
  closeCaseWithoutTrial: {
    from: ['REPORTED', 'UNDER_INVESTIGATION'],
    to: 'CLOSED_WITHOUT_TRIAL',
    does: 'closing it without trial',
  },
  /** The special court opened the trial (the courts' TrialOpened event, src/events.ts). */
  trialOpened: { from: ['CHARGE_SHEET_FILED'], to: 'ON_TRIAL', does: 'opening its trial' },
  /** The special court recorded its verdict (the courts' VerdictRecorded event). */
  verdictRecorded: { from: ['ON_TRIAL'], to: 'DECIDED', does: 'recording a verdict' },

  // Steps that record within the case and leave its status as it is.
  /** While the case is with the crisis cell or the police: once charged, tried or closed, the examination is long past. */
  recordMedicoLegalExam: { from: ['REPORTED', 'UNDER_INVESTIGATION'], does: 'recording a medico-legal examination' },
  /** While the police have the case: from its FIR until the charge sheet goes to the prosecution. */
  assignInvestigatingOfficer: {
    from: ['UNDER_INVESTIGATION', 'CHARGE_SHEET_FILED'],
    does: 'assigning an investigating officer',
  },
  /** Suspects are named while the investigation runs. */
  addSuspect: { from: ['UNDER_INVESTIGATION'], does: 'adding a suspect' },
  /**
   * A suspect is arrested, bailed or discharged while the investigation runs,
   * and after the charge sheet too (a suspect it did not send up is still
   * the police's to arrest or discharge); once on trial, the court decides.
   */
  updateSuspectStatus: { from: ['UNDER_INVESTIGATION', 'CHARGE_SHEET_FILED'], does: "changing a suspect's status" },
  /**
   * From the investigation on: a prosecutor named before the charge sheet
   * guides the investigation and scrutinises the charge sheet before it goes
   * to court; after it, until the verdict. Not before an FIR (there is
   * nothing to prosecute yet), nor once decided or closed.
   */
  assignProsecutor: { from: ['UNDER_INVESTIGATION', 'CHARGE_SHEET_FILED', 'ON_TRIAL'], does: 'assigning a prosecutor' },
  /** The survivor's support does not end with any stage: an adviser may be named whatever the case's status. */
  assignSupportAdviser: { from: CASE_STATUSES, does: 'assigning a support adviser' },
  /** Nor does counselling: after a verdict or a closure the survivor may need it most. */
  recordCounsellingSession: { from: CASE_STATUSES, does: 'recording a counselling session' },
} as const satisfies Record<string, CaseStep>;

interface CaseStep {
  /** The statuses the step may start from. */
  from: readonly CaseStatus[];
  /** The status the step moves the case to; none for a step that records within the case. */
  to?: CaseStatus;
  /** The step in words, for the INVALID_TRANSITION message ("A case in status DECIDED does not allow filing a charge sheet."). */
  does: string;
}

export type CaseStepName = keyof typeof CASE_STEPS;

/** The steps with a status they move the case to. */
type CaseMove = { [K in CaseStepName]: (typeof CASE_STEPS)[K] extends { to: CaseStatus } ? K : never }[CaseStepName];

/** INVALID_TRANSITION naming the case's status when the step may not start from it; none when it may. */
export function refusedStep(row: Case, step: CaseStepName): UserError[] {
  const { from, does } = CASE_STEPS[step] as CaseStep;
  return from.includes(row.status) ? [] : [invalidTransition(row.status, does)];
}

/** Moves the case to the status the step leads to (after {@link refusedStep} allowed it). */
export function moveCase(row: Case, step: CaseMove): void {
  row.status = CASE_STEPS[step].to;
}

/** What a step on a stored case checks first: the version the caller read (STALE_VERSION), then whether the case's status allows it. */
export function refusedUpdate(row: Case, expectedVersion: number, step: CaseStepName): UserError[] {
  const stale = staleUnlessCurrent(row, expectedVersion);
  return stale.length > 0 ? stale : refusedStep(row, step);
}
