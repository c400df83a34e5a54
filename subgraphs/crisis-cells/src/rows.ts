import type { RowSources } from '#policy';
import type { CrisisCellsContext } from './context.ts';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

/** The stored row behind each row-ruled type of the directory: the cell itself. */
export const crisisCellRows: RowSources<CrisisCellsContext> = {
  CrisisCell: (cell: CrisisCell) => ({ id: cell.id, cellId: cell.id, province: cell.province }),
};
