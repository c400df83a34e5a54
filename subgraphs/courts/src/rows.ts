import type { FilterQuery, Ref } from '@mikro-orm/core';
import type { Viewer } from '#identity';
import { isUuid } from '#reference-data';
import { INHERITED, assigneeIdOf, type RowSources, type StoredRow } from '#policy';
import type { CourtsContext } from './context.ts';
import type { Trial } from './entities/trial.entity.ts';
import type { Case, Verdict } from './mappers.ts';

/**
 * The stored row behind each row-ruled type of this subgraph: the trial. Who
 * is assigned to it is on the trial row itself (its court, its prosecutor,
 * the survivor's support adviser), so ASSIGNED costs no query.
 */
export const courtRows: RowSources<CourtsContext> = {
  Trial: (trial: Trial) => storedTrial(trial),
  Hearing: ofTrial,
  Charge: ofTrial,
  Verdict: (verdict: Verdict) => storedTrial(verdict.trial),
  // A case's trial field guards the trial of that case: the case itself is the cases subgraph's row.
  Case: async (caseRef: Case, { loaders }) => storedTrialOrNone(await loaders.trialByCaseId.load(caseRef.id)),
  // Reached only through Trial.prosecutor, which carries Prosecutor's rule.
  Prosecutor: INHERITED,
};

/** Without waiting when the trial is already loaded in this request (the usual way in: through the trial). */
function ofTrial(record: { trial: Ref<Trial> }, { loaders }: CourtsContext): StoredRow | null | Promise<StoredRow | null> {
  if (record.trial.isInitialized()) return storedTrial(record.trial.unwrap());
  return loaders.trialById.load(record.trial.id).then(storedTrialOrNone);
}

const storedTrialOrNone = (trial: Trial | null) => (trial ? storedTrial(trial) : null);

export function storedTrial(trial: Trial): StoredRow {
  return { id: trial.id, province: trial.province, assigned: (viewer) => isAssignedToTrial(trial, viewer) };
}

/** The trial column naming who is assigned to it, per agency whose row condition is ASSIGNED. */
const TRIAL_ASSIGNEE = { COURT: 'court', PROSECUTION: 'prosecutor', SUPPORT_ADVISER: 'supportAdviserId' } as const;

const assigneeAgency = (viewer: Viewer): keyof typeof TRIAL_ASSIGNEE | undefined =>
  Object.hasOwn(TRIAL_ASSIGNEE, viewer.agency) ? (viewer.agency as keyof typeof TRIAL_ASSIGNEE) : undefined;

/** The assignee's id as the trial row holds it: a reference's id, or the plain column. */
function assigneeOnTrial(trial: Trial, agency: keyof typeof TRIAL_ASSIGNEE): string | null {
  const value = trial[TRIAL_ASSIGNEE[agency]];
  return typeof value === 'object' && value !== null ? value.id : (value ?? null);
}

function isAssignedToTrial(trial: Trial, viewer: Viewer): boolean {
  const agency = assigneeAgency(viewer);
  const assignee = assigneeIdOf(viewer);
  return agency !== undefined && assignee !== undefined && assigneeOnTrial(trial, agency) === assignee;
}

/** Trials assigned to the viewer, as a filter; none when their agency is not assigned to trials or the token names no one. */
export function trialsAssignedTo(viewer: Viewer): FilterQuery<Trial> {
  const agency = assigneeAgency(viewer);
  const assignee = assigneeIdOf(viewer);
  if (!agency || !assignee || !isUuid(assignee)) return { id: { $in: [] } };
  return { [TRIAL_ASSIGNEE[agency]]: assignee } as FilterQuery<Trial>;
}
