import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '#identity';
import { type AssignedAgency, isUuid } from '#reference-data';
import { CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import type { Case } from '../entities/case.entity.ts';

/** Whether the caller is assigned to the case for their agency (the ASSIGNED row rule, read in the mutation's transaction). */
export const isAssigned = async (tx: EntityManager, caseId: string, agency: AssignedAgency, viewer: Viewer): Promise<boolean> =>
  isUuid(viewer.sub) ? (await tx.count(CaseAssignmentSchema, { case: caseId, agency, assigneeId: viewer.sub })) > 0 : false;

/** The agency's row of the case's assignments, replaced: one officer, prosecutor or adviser at a time. */
export async function replaceAssignment(tx: EntityManager, row: Case, agency: AssignedAgency, assigneeId: string): Promise<void> {
  await tx.nativeDelete(CaseAssignmentSchema, { case: row.id, agency });
  tx.create(CaseAssignmentSchema, { case: row, agency, assigneeId });
}
