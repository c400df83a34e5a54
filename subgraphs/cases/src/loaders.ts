import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Viewer } from '#identity';
import { ASSIGNED_AGENCIES, type AssignedAgency } from '#reference-data';
import { isUuid } from '#reference-data';
import { assigneeIdOf } from '#policy';
import { CaseAssignmentSchema } from './entities/case-assignment.entity.ts';
import { childrenLoader, rowLoader } from '#storage';
import { CaseClosureSchema } from './entities/case-closure.entity.ts';
import { CaseSchema } from './entities/case.entity.ts';
import { CounsellingSessionSchema } from './entities/counselling-session.entity.ts';
import { CustodyTransferSchema } from './entities/custody-transfer.entity.ts';
import { EvidenceItemSchema } from './entities/evidence-item.entity.ts';
import { FirSchema } from './entities/fir.entity.ts';
import { InvestigationSchema } from './entities/investigation.entity.ts';
import { MedicoLegalExamSchema } from './entities/medico-legal-exam.entity.ts';
import { SurvivorSchema } from './entities/survivor.entity.ts';
import { SuspectSchema } from './entities/suspect.entity.ts';

/** Every key below is a row id; one that is not a UUID names nothing and never reaches SQL. */
const byId = { isValidKey: isUuid };

/**
 * One loader per hop from a case (or an evidence item) to its records, each
 * keyed by the parent's id, so a page of cases with every nested record costs
 * one statement per hop, whatever its size.
 */
export function createCaseLoaders(em: EntityManager, viewer: Viewer) {
  const assignments = viewerAssignments(em, viewer);
  return {
    ...assignments,
    caseById: rowLoader(
      (ids) => em.find(CaseSchema, { id: { $in: [...ids] } }),
      (row) => row.id,
      byId,
    ),
    /** The FIR with this number, on the way to its case. */
    firByNumber: rowLoader(
      (numbers) => em.find(FirSchema, { number: { $in: [...numbers] } }),
      (fir) => fir.number,
    ),
    survivorByCase: rowLoader(
      (caseIds) => em.find(SurvivorSchema, { case: { $in: [...caseIds] } }),
      (survivor) => survivor.case.id,
      byId,
    ),
    medicoLegalExamByCase: rowLoader(
      (caseIds) => em.find(MedicoLegalExamSchema, { case: { $in: [...caseIds] } }),
      (exam) => exam.case.id,
      byId,
    ),
    firByCase: rowLoader(
      (caseIds) => em.find(FirSchema, { case: { $in: [...caseIds] } }),
      (fir) => fir.case.id,
      byId,
    ),
    investigationByCase: rowLoader(
      (caseIds) => em.find(InvestigationSchema, { case: { $in: [...caseIds] } }),
      (investigation) => investigation.case.id,
      byId,
    ),
    closureByCase: rowLoader(
      (caseIds) => em.find(CaseClosureSchema, { case: { $in: [...caseIds] } }),
      (closure) => closure.case.id,
      byId,
    ),
    evidenceByCase: childrenLoader(
      (caseIds) => em.find(EvidenceItemSchema, { case: { $in: [...caseIds] } }, { orderBy: [{ collectedAt: 'ASC' }, { id: 'ASC' }] }),
      (item) => item.case.id,
      byId,
    ),
    custodyByEvidenceItem: childrenLoader(
      (itemIds) =>
        em.find(
          CustodyTransferSchema,
          { evidenceItem: { $in: [...itemIds] } },
          { orderBy: [{ evidenceItem: 'ASC' }, { position: 'ASC' }] },
        ),
      (transfer) => transfer.evidenceItem.id,
      byId,
    ),
    counsellingSessionsByCase: childrenLoader(
      (caseIds) => em.find(CounsellingSessionSchema, { case: { $in: [...caseIds] } }, { orderBy: [{ heldAt: 'ASC' }, { id: 'ASC' }] }),
      (session) => session.case.id,
      byId,
    ),
    suspectsByCase: childrenLoader(
      (caseIds) => em.find(SuspectSchema, { case: { $in: [...caseIds] } }, { orderBy: [{ position: 'ASC' }] }),
      (suspect) => suspect.case.id,
      byId,
    ),
  };
}

export type CaseLoaders = ReturnType<typeof createCaseLoaders>;

/**
 * The ASSIGNED row rule for this request's viewer: whether they are assigned
 * to each case asked about (one query per batch), and every case they are
 * assigned to (for lists), which also answers the first for those cases.
 */
function viewerAssignments(em: EntityManager, viewer: Viewer) {
  const assignee = assigneeIdOf(viewer);
  const agency = (ASSIGNED_AGENCIES as readonly string[]).includes(viewer.agency) ? (viewer.agency as AssignedAgency) : undefined;
  const canBeAssigned = agency !== undefined && assignee !== undefined && isUuid(assignee);
  const assignedToViewer = new DataLoader<string, boolean>(async (caseIds) => {
    const wanted = caseIds.filter(isUuid);
    if (!canBeAssigned || wanted.length === 0) return caseIds.map(() => false);
    const rows = await em.find(CaseAssignmentSchema, { agency, assigneeId: assignee, case: { $in: wanted } });
    const assigned = new Set(rows.map((row) => row.case.id));
    return caseIds.map((id) => assigned.has(id));
  });
  let all: Promise<string[]> | undefined;
  const casesAssignedToViewer = () =>
    (all ??= (async () => {
      if (!canBeAssigned) return [];
      const rows = await em.find(CaseAssignmentSchema, { agency, assigneeId: assignee });
      const ids = rows.map((row) => row.case.id);
      for (const id of ids) assignedToViewer.prime(id, true);
      return ids;
    })());
  return { assignedToViewer, casesAssignedToViewer };
}
