import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The code each crisis cell's case references carry (ARCC-<CODE>-2026-000123),
 * by the cell's id: the cells are the crisis-cells subgraph's, but their
 * references are this subgraph's to allocate, so it keeps the codes it needs.
 * Loaded with the cells (the seed); a cell without a code here cannot open a case.
 */
export const CrisisCellCodeSchema = defineEntity({
  name: 'CrisisCellCode',
  tableName: 'crisis_cell_code',
  properties: {
    cellId: p.uuid().primary(),
    code: p.string().length(8).collation('C').unique(),
  },
});

export type CrisisCellCode = InferEntity<typeof CrisisCellCodeSchema>;
