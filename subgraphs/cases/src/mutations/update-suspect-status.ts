import { checkExpectedVersion, type MutationSteps, notFound, type UserError, userError } from '#mutation';
import { isUuid, type SuspectStatus } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { type Suspect, SuspectSchema } from '../entities/suspect.entity.ts';
import type { UpdateSuspectStatusInput } from '../generated/resolvers-types.ts';
import { assignedOfficerSteps, type OfficersCase } from './case-assignment.ts';
import { refusedUpdate } from './case-status.ts';

/**
 * A suspect's state machine, as the police move it: the statuses each status
 * may move to. An arrested suspect is bailed or discharged; a bailed one is
 * arrested again (bail cancelled), absconds (at large) or is discharged.
 * DISCHARGED is final for the police; CHARGED too, and only fileChargeSheet
 * makes a suspect CHARGED (after it, the court decides on bail).
 */
export const SUSPECT_TRANSITIONS: Readonly<Record<SuspectStatus, readonly SuspectStatus[]>> = {
  AT_LARGE: ['ARRESTED', 'DISCHARGED'],
  ARRESTED: ['ON_BAIL', 'DISCHARGED'],
  ON_BAIL: ['ARRESTED', 'AT_LARGE', 'DISCHARGED'],
  DISCHARGED: [],
  CHARGED: [],
};

/** The suspect, when the case has one by that id. */
type SuspectOfCase = OfficersCase<{ suspect: Suspect | null }>;

const at = (...path: string[]) => ['input', ...path];

/** updateSuspectStatus: the case's assigned officer moves one of its suspects along their state machine. */
export const updateSuspectStatus: MutationSteps<UpdateSuspectStatusInput, SuspectOfCase, Case> = {
  // The case (a suspect changes under its case's lock), whether the caller is its officer, and the suspect.
  ...assignedOfficerSteps('updateSuspectStatus', async (tx, found, input: UpdateSuspectStatusInput) => ({
    suspect: isUuid(input.suspectId) ? await tx.findOne(SuspectSchema, { id: input.suspectId, case: found.id }) : null,
  })),

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.that(at('status'), input.status !== 'CHARGED', 'A suspect is charged by filing the charge sheet (fileChargeSheet).');
    const arrestedAt = input.arrestedAt ?? null;
    if (input.status !== 'ARRESTED') checks.that(at('arrestedAt'), arrestedAt === null, 'Only an arrest has an arrest time.');
    else if (checks.that(at('arrestedAt'), arrestedAt !== null, 'Required for an arrest.'))
      checks.notInFuture(at('arrestedAt'), new Date(arrestedAt!));
  },

  check({ case: row, suspect }, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'updateSuspectStatus');
    if (refused.length > 0) return refused;
    if (!suspect) return [notFound(at('suspectId'), 'suspect of the case')];
    if (!SUSPECT_TRANSITIONS[suspect.status].includes(input.status)) {
      return [userError('INVALID_TRANSITION', at('status'), `A suspect in status ${suspect.status} cannot become ${input.status}.`)];
    }
    if (input.arrestedAt) {
      const arrestedAt = new Date(input.arrestedAt);
      if (checks.inOrder(at('arrestedAt'), row.reportedAt, arrestedAt, 'The arrest cannot come before the report.') && suspect.arrestedAt) {
        checks.inOrder(at('arrestedAt'), suspect.arrestedAt, arrestedAt, "The arrest cannot come before the suspect's earlier arrest.");
      }
    }
    return [];
  },

  async change(_tx, { case: row, suspect }, input) {
    suspect!.status = input.status;
    if (input.arrestedAt) suspect!.arrestedAt = new Date(input.arrestedAt);
    row.version += 1;
    return { entity: row, rowIds: [row.id, suspect!.id] };
  },
};
