import type { RowSources } from '../../kit/src/policy/enforcement.ts';
import type { CrisisCellsContext } from './context.ts';
import type { CrisisCell } from './entities/crisis-cell.entity.ts';

/** The stored row behind each row-ruled type of the directory: the cell itself. */
export const crisisCellRows: RowSources<CrisisCellsContext> = {
  CrisisCell: (cell: CrisisCell) => ({ id: cell.id, cellId: cell.id, province: cell.province }),
};
