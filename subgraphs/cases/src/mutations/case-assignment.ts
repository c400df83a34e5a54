import { checkExpectedVersion } from '#mutation';
import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '#identity';
import type { MutationSteps } from '#mutation';
import { type AssignedAgency, isUuid } from '#reference-data';
import { CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import type { Case } from '../entities/case.entity.ts';
import { type CaseStepName, refusedUpdate } from './case-status.ts';
import { lockedCase } from './case-update.ts';

/** Whether the caller is assigned to the case for their agency (the ASSIGNED row rule, read in the mutation's transaction). */
export const isAssigned = async (tx: EntityManager, caseId: string, agency: AssignedAgency, viewer: Viewer): Promise<boolean> =>
  isUuid(viewer.sub) ? (await tx.count(CaseAssignmentSchema, { case: caseId, agency, assigneeId: viewer.sub })) > 0 : false;

/** The agency's row of the case's assignments, replaced: one officer, prosecutor or adviser at a time. */
export async function replaceAssignment(tx: EntityManager, row: Case, agency: AssignedAgency, assigneeId: string): Promise<void> {
  await tx.nativeDelete(CaseAssignmentSchema, { case: row.id, agency });
  tx.create(CaseAssignmentSchema, { case: row, agency, assigneeId });
}

/** What an assigning mutation's input has: the case, the version read, and whom it names. */
interface AssignmentInput {
  caseId: string;
  expectedVersion: number;
}

/**
 * A mutation that names who is assigned to a case for an agency (the row the
 * ASSIGNED rule reads), replacing any before: the case's version up, nothing
 * else changed. Who may name them is the field's rule in the SDL.
 */
export function assigningMutation<TInput extends AssignmentInput>(options: {
  name: CaseStepName;
  agency: AssignedAgency;
  /** The input field naming the assignee, a UUID (the `sub` of their token), and what they are called in its error. */
  assigneeField: keyof TInput & string;
  assigneeNoun: string;
}): MutationSteps<TInput, Case, Case> {
  const { name, agency, assigneeField, assigneeNoun } = options;
  const assigneeOf = (input: TInput) => input[assigneeField] as string;
  return {
    name,
    rowNoun: 'case',
    rowField: ['input', 'caseId'],
    aimedAt: (input) => input.caseId,

    validate(input, checks) {
      checkExpectedVersion(checks, input.expectedVersion);
      checks.that(['input', assigneeField], isUuid(assigneeOf(input)), `${assigneeNoun}'s id is a UUID (the sub of their token).`);
    },

    // The case, locked for the rest of the transaction.
    load: (tx, input) => lockedCase(tx, input.caseId),

    storedRow: (row) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

    check: (row, input) => refusedUpdate(row, input.expectedVersion, name),

    async change(tx, row, input) {
      await replaceAssignment(tx, row, agency, assigneeOf(input));
      row.version += 1;
      return { entity: row, rowIds: [row.id] };
    },
  };
}

/** A case as its assigned officer's mutations load it: locked, whether the caller is its SSOIU officer, and what else the mutation reads of it. */
export type OfficersCase<T> = { case: Case; assigned: boolean } & T;

/**
 * What every mutation of the case's assigned officer (the ASSIGNED row rule)
 * shares: it names the case by `input.caseId`; load locks the case for the
 * rest of the transaction, reads whether the caller is its SSOIU officer,
 * then what else the mutation needs of it (`more`, a fixed number of lookups
 * whatever the data); the row rule reads the stored assignment.
 */
export function assignedOfficerSteps<TInput extends { caseId: string }, T>(
  name: CaseStepName,
  more: (tx: EntityManager, found: Case, input: TInput) => Promise<T>,
): Pick<MutationSteps<TInput, OfficersCase<T>, Case>, 'name' | 'rowNoun' | 'rowField' | 'aimedAt' | 'load' | 'storedRow'> {
  return {
    name,
    rowNoun: 'case',
    rowField: ['input', 'caseId'],
    aimedAt: (input) => input.caseId,
    async load(tx, input, viewer) {
      const found = await lockedCase(tx, input.caseId);
      if (!found) return null;
      const assigned = await isAssigned(tx, found.id, 'SSOIU', viewer);
      return { case: found, assigned, ...(await more(tx, found, input)) };
    },
    storedRow: ({ case: row, assigned }) => ({
      id: row.id,
      cellId: row.crisisCellId ?? null,
      province: row.province,
      assigned: () => assigned,
    }),
  };
}
