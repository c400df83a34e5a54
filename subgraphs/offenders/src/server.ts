import { AuditEntrySchema } from '#audit';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { OffenderSchema } from './entities/offender.entity.ts';
import { RegistrantNotificationSchema } from './entities/registrant-notification.entity.ts';
import { createOffenderLoaders, type OffenderLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareRegisterMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';
import { offenderRows } from './rows.ts';
import { OffendersSeeder } from './seeders/offenders.seeder.ts';

export const offendersSubgraph: SubgraphDefinition<OffenderLoaders> = {
  name: 'offenders',
  database: {
    subgraph: 'offenders',
    // AuditEntrySchema: who read an offender's identity or address, the register's own audit trail.
    entities: [OffenderSchema, RegistrantNotificationSchema, AuditEntrySchema],
    migrations,
    seeder: OffendersSeeder,
  },
  resolvers,
  createLoaders: createOffenderLoaders,
  rows: offenderRows,
  prepareMetrics: prepareRegisterMetrics,
};

export const createOffendersService = (options?: SubgraphServiceOptions) => createSubgraphService(offendersSubgraph, options);
