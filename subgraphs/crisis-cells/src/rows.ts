import type { RowSources, StoredRow } from '#policy';
import type { CrisisCellsContext } from './context.ts';
import type { CellVisit } from './entities/cell-visit.entity.ts';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

/** A cell as the row conditions read it: its own cell, in its province. */
export const storedCellRow = (cell: CrisisCell): StoredRow => ({ id: cell.id, cellId: cell.id, province: cell.province });

/** The stored row behind each row-ruled type: the cell itself, and a visit as the visit of its cell. */
export const crisisCellRows: RowSources<CrisisCellsContext> = {
  CrisisCell: storedCellRow,
  CellVisit: (visit: CellVisit) => ({ id: visit.id, cellId: visit.cell.id }),
};
