import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '../../../kit/src/seeding/batch-writer.ts';
import type { SeedContext } from '../../../kit/src/database.ts';
import { CRISIS_CELLS, generateCellStaff } from '../../../kit/src/synthetic/index.ts';
import { CrisisCellSchema } from '../entities/crisis-cell.entity.ts';
import { StaffMemberSchema } from '../entities/staff-member.entity.ts';

/** The directory of crisis cells and their rosters: the same at every scale, as the cells are real places. */
export class CrisisCellsSeeder extends Seeder<SeedContext> {
  async run(em: EntityManager, { logger }: SeedContext): Promise<void> {
    const writer = new BatchWriter(em);
    for (const cell of CRISIS_CELLS) {
      const { position: _position, districtCode: _districtCode, ...row } = cell;
      await writer.add(CrisisCellSchema, row);
      for (const { cellId, cellCode: _cellCode, ...member } of generateCellStaff(cell.code)) {
        await writer.add(StaffMemberSchema, { ...member, cell: cellId });
      }
    }
    const rows = await writer.flush();
    logger?.info({ rows }, 'crisis cells seeded');
  }
}
