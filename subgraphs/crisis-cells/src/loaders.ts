import type { EntityManager } from '@mikro-orm/core';
import { isUuid } from '#reference-data';
import { childrenLoader, rowLoader } from '#storage';
import { CrisisCellSchema } from './entities/crisis-cell.entity.ts';
import { StaffMemberSchema } from './entities/staff-member.entity.ts';

/** A malformed id (a client's `crisisCell(id: "x")`, a bad `_entities` key) names no cell, and never reaches SQL. */
const byId = { isValidKey: isUuid };

export function createCrisisCellLoaders(em: EntityManager) {
  return {
    cellById: rowLoader(
      (ids) => em.find(CrisisCellSchema, { id: { $in: [...ids] } }),
      (cell) => cell.id,
      byId,
    ),
    staffByCell: childrenLoader(
      (cellIds) => em.find(StaffMemberSchema, { cell: { $in: [...cellIds] } }, { orderBy: { shiftStart: 'ASC', name: 'ASC' } }),
      (staff) => staff.cell.id,
      byId,
    ),
  };
}

export type CrisisCellLoaders = ReturnType<typeof createCrisisCellLoaders>;
