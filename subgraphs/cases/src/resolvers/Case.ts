import type { CaseResolvers } from '../generated/resolvers-types.ts';

export const Case: CaseResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.caseById.load(reference.id),
  // The crisis cell is resolved by the crisis-cells subgraph: hand the gateway its key, no lookup here.
  crisisCell: (row) => (row.crisisCellId ? { __typename: 'CrisisCell', id: row.crisisCellId } : null),
  survivor: (row, _, { loaders }) => loaders.survivorByCase.load(row.id),
  medicoLegalExam: (row, _, { loaders }) => loaders.medicoLegalExamByCase.load(row.id),
  evidence: (row, _, { loaders }) => loaders.evidenceByCase.load(row.id),
  counsellingSessions: (row, _, { loaders }) => loaders.counsellingSessionsByCase.load(row.id),
  fir: (row, _, { loaders }) => loaders.firByCase.load(row.id),
  investigation: (row, _, { loaders }) => loaders.investigationByCase.load(row.id),
  suspects: (row, _, { loaders }) => loaders.suspectsByCase.load(row.id),
  closure: (row, _, { loaders }) => loaders.closureByCase.load(row.id),
};
