import type { CellVisitResolvers } from '../generated/resolvers-types.ts';

export const CellVisit: CellVisitResolvers = {
  // The cell the visit was recorded under is in memory already (the mutation loaded it); otherwise the request's loader finds it.
  cell: async (visit, _, { loaders }) => {
    if (visit.cell.isInitialized()) return visit.cell.unwrap();
    const cell = await loaders.cellById.load(visit.cell.id);
    if (!cell) throw new Error(`cell visit ${visit.id} names no cell of the directory`);
    return cell;
  },
};
