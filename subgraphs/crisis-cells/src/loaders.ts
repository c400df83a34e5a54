import type { EntityManager } from '@mikro-orm/core';
import { childrenLoader, rowLoader } from '#storage';
import { CrisisCellSchema } from './entities/crisis-cell.entity.ts';
import { StaffMemberSchema } from './entities/staff-member.entity.ts';

export function createCrisisCellLoaders(em: EntityManager) {
  return {
    cellById: rowLoader(
      (ids) => em.find(CrisisCellSchema, { id: { $in: [...ids] } }),
      (cell) => cell.id,
    ),
    staffByCell: childrenLoader(
      (cellIds) => em.find(StaffMemberSchema, { cell: { $in: [...cellIds] } }, { orderBy: { shiftStart: 'ASC', name: 'ASC' } }),
      (staff) => staff.cell.id,
    ),
  };
}

export type CrisisCellLoaders = ReturnType<typeof createCrisisCellLoaders>;
