import type { EntityManager } from '@mikro-orm/core';
import { invalidTransition, lockedById, type UserError } from '#mutation';
import type { TrialStatus } from '#reference-data';
import { type Trial, TrialSchema } from '../entities/trial.entity.ts';
import { storedTrial } from '../rows.ts';

/**
 * What every mutation of a stored trial shares: it names the trial by
 * `input.trialId` and the version it read by `input.expectedVersion`; the
 * court's own trials only (COURT ASSIGNED: the token's courtId is the trial's
 * court, read from the stored trial, as for reads).
 *
 * The trial's state machine, over the statuses the trial model has:
 *
 *   CHARGE_FRAMED, no charges yet ──frameCharges──▶ CHARGE_FRAMED, charges framed
 *   (PROSECUTION_EVIDENCE → DEFENCE_EVIDENCE → ARGUMENTS: the stages of the evidence)
 *   any of those, charges framed ──recordVerdict──▶ DECIDED (once)
 *   TRANSFERRED: the trial went to another court; nothing more is recorded here.
 *
 * Charges are framed once, before any evidence: a trial past CHARGE_FRAMED, or
 * one with its charges, answers INVALID_TRANSITION. Hearings are listed and
 * recorded while the trial is pending (not DECIDED, not TRANSFERRED). A verdict
 * may come at any pending stage once the charges are framed (an accused may
 * plead guilty to the charge, s.265-E CrPC).
 */
export const PENDING: ReadonlySet<TrialStatus> = new Set(['CHARGE_FRAMED', 'PROSECUTION_EVIDENCE', 'DEFENCE_EVIDENCE', 'ARGUMENTS']);

/** A date may be listed at most this far ahead. */
export const LISTING_HORIZON_MS = 366 * 24 * 3_600_000;

/** The trial, locked for the rest of the transaction; null when there is none by that id (or it is no id at all). */
export const lockedTrial = (tx: EntityManager, trialId: string): Promise<Trial | null> => lockedById(tx, TrialSchema, trialId);

/** The trial's status (and what else of its state matters) does not allow the step: names where it stands. */
export const trialTransition = (state: string, step: string): UserError => invalidTransition(state, step, 'trial');

/** INVALID_TRANSITION unless the trial is pending (neither decided nor transferred). */
export const unlessPending = (trial: Trial, step: string): UserError[] =>
  PENDING.has(trial.status) ? [] : [trialTransition(trial.status, step)];

/** The steps every mutation of one trial shares: its name in errors, how it is aimed at, loaded and authorized. */
export const trialSteps: { rowNoun: string; rowField: string[]; aimedAt: (input: { trialId: string }) => string } = {
  rowNoun: 'trial',
  rowField: ['input', 'trialId'],
  aimedAt: (input) => input.trialId,
};

/** The stored row of a loaded trial, for the row rule (a mutation's row is the trial it loaded). */
export const storedRowOf = ({ trial }: { trial: Trial }) => storedTrial(trial);
