import { AuditEntryWithMutationsSchema } from '#audit';
import { IdempotencyKeySchema } from '#mutation';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { CellVisitSchema } from './entities/cell-visit.entity.ts';
import { CrisisCellSchema } from './entities/crisis-cell.entity.ts';
import { StaffMemberSchema } from './entities/staff-member.entity.ts';
import { createCrisisCellLoaders, type CrisisCellLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareCrisisCellMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';
import { crisisCellRows } from './rows.ts';

export const crisisCellsSubgraph: SubgraphDefinition<CrisisCellLoaders> = {
  name: 'crisis-cells',
  port: 4004,
  schema: new URL('../schema.graphql', import.meta.url),
  database: {
    subgraph: 'crisis-cells',
    entities: [
      CrisisCellSchema,
      StaffMemberSchema,
      CellVisitSchema,
      // Refusals of this subgraph's fields, and every mutation: its own audit trail.
      AuditEntryWithMutationsSchema,
      // Safe retries of its mutations (Idempotency-Key): the keys and the outcomes they replay.
      IdempotencyKeySchema,
    ],
    migrations,
    loadSeeder: async () => (await import('./seeders/crisis-cells.seeder.ts')).CrisisCellsSeeder,
  },
  resolvers,
  createLoaders: createCrisisCellLoaders,
  rows: crisisCellRows,
  prepareMetrics: prepareCrisisCellMetrics,
};

export const createCrisisCellsService = (options?: SubgraphServiceOptions) => createSubgraphService(crisisCellsSubgraph, options);
