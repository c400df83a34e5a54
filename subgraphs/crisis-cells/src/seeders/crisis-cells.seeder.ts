import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import { CRISIS_CELLS, cellVisitOf, generateCases, generateCellStaff } from '#synthetic-world';
import { CellVisitSchema } from '../entities/cell-visit.entity.ts';
import { CrisisCellSchema } from '../entities/crisis-cell.entity.ts';
import { StaffMemberSchema } from '../entities/staff-member.entity.ts';

/**
 * The directory of crisis cells and their rosters, the same at every scale as
 * the cells are real places; then the cells' record of each visit, one for
 * every case of the world that began at a cell, streamed from the generator
 * into multi-row INSERTs so memory stays flat whatever the scale.
 */
export class CrisisCellsSeeder extends Seeder<SeedContext> {
  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const writer = new BatchWriter(em);
    for (const cell of CRISIS_CELLS) {
      const { position: _position, districtCode: _districtCode, ...row } = cell;
      await writer.add(CrisisCellSchema, row);
      for (const { cellId, cellCode: _cellCode, ...member } of generateCellStaff(cell.code)) {
        await writer.add(StaffMemberSchema, { ...member, cell: cellId });
      }
    }
    for (const facts of generateCases(scale)) {
      const visit = cellVisitOf(facts);
      if (!visit) continue;
      const { cellId, ...row } = visit;
      await writer.add(CellVisitSchema, { ...row, cell: cellId });
    }
    const rows = await writer.flush();
    logger?.info({ rows }, 'crisis cells seeded');
  }
}
