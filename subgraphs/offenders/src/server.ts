import { subgraphUrl } from '../../index.ts';
import { AuditEntrySchema } from '#audit';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { OffenderSchema } from './entities/offender.entity.ts';
import { RegistrantNotificationSchema } from './entities/registrant-notification.entity.ts';
import { createOffenderLoaders, type OffenderLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareRegisterMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';
import { offenderRows } from './rows.ts';

export const offendersSubgraph: SubgraphDefinition<OffenderLoaders> = {
  name: 'offenders',
  port: 4002,
  schema: new URL('../schema.graphql', import.meta.url),
  database: {
    subgraph: 'offenders',
    // AuditEntrySchema: who read an offender's identity or address, the register's own audit trail.
    entities: [OffenderSchema, RegistrantNotificationSchema, AuditEntrySchema],
    migrations,
    loadSeeder: async () => (await import('./seeders/offenders.seeder.ts')).OffendersSeeder,
  },
  resolvers,
  createLoaders: createOffenderLoaders,
  rows: offenderRows,
  prepareMetrics: prepareRegisterMetrics,
  // STATED_PURPOSE: the cases subgraph knows which cases an officer is assigned to.
  statedPurposeUrl: (env) => subgraphUrl('cases', env),
};

export const createOffendersService = (options?: SubgraphServiceOptions) => createSubgraphService(offendersSubgraph, options);
