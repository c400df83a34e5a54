import type { CrisisCellResolvers } from '../generated/resolvers-types.ts';
import { pakistanTimeOfDay } from '#reference-data';
import { isOnShiftAt } from '../shifts.ts';

export const CrisisCell: CrisisCellResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.cellById.load(reference.id),
  staffOnDuty: async (cell, _, { loaders }) => {
    const now = pakistanTimeOfDay(new Date());
    const staff = await loaders.staffByCell.load(cell.id);
    return staff.filter((member) => isOnShiftAt(member.shiftStart, member.shiftEnd, now));
  },
};
