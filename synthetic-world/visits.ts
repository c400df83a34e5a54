// A crisis cell's record of a survivor's visit, derived from a SYNTHETIC case that began at the
// cell: the cell keeps its own returns (arrival, child or adult, services given) without the
// survivor's identity, so the crisis-cells subgraph can count what the cells do without asking
// the cases subgraph for any case.

import { CELL_SERVICES, type CaseFacts, type CellService, type CellVisitFacts } from './facts.ts';
import { CRISIS_CELLS_BY_ID } from './geography.ts';
import { rngFor, syntheticUuid } from './random.ts';

/** Of visits, how many the cell refers for legal aid and to a shelter: nothing in the case file records either. */
const LEGAL_AID_SHARE = 0.35;
const SHELTER_SHARE = { child: 0.2, adult: 0.1 };

/** The visit a case that began at a crisis cell made to it, at the report; null for a case begun at a police station. */
export function cellVisitOf(facts: CaseFacts): CellVisitFacts | null {
  if (facts.crisisCellId === null) return null;
  const cell = CRISIS_CELLS_BY_ID.get(facts.crisisCellId);
  if (!cell) throw new Error(`case ${facts.index} names crisis cell ${facts.crisisCellId}, which is not in the directory`);
  const rng = rngFor('cell-visit', facts.index);
  const child = facts.survivor.child;
  const given: Record<CellService, boolean> = {
    MEDICAL_TREATMENT: facts.medicoLegalExam !== null,
    MEDICO_LEGAL_EXAMINATION: facts.medicoLegalExam !== null,
    FORENSIC_EVIDENCE_COLLECTION: facts.evidence.some((item) => item.collectedBy === 'ARCC'),
    PSYCHOLOGICAL_COUNSELLING: facts.counsellingSessions.length > 0,
    LEGAL_AID: rng.chance(LEGAL_AID_SHARE),
    POLICE_REPORTING: facts.fir !== null,
    SHELTER_REFERRAL: rng.chance(child ? SHELTER_SHARE.child : SHELTER_SHARE.adult),
    CHILD_PROTECTION: child,
  };
  return {
    id: syntheticUuid('cell-visit', facts.index),
    cellId: cell.id,
    arrivedAt: facts.reportedAt,
    childSurvivor: child,
    services: CELL_SERVICES.filter((service) => given[service] && cell.services.includes(service)),
  };
}
