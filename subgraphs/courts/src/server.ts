import { AuditEntryWithMutationsSchema } from '#audit';
import { InboxEventSchema, OutboxEventSchema } from '#events';
import { IdempotencyKeySchema } from '#mutation';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { ChargeSchema } from './entities/charge.entity.ts';
import { ConvictionSchema } from './entities/conviction.entity.ts';
import { HearingSchema } from './entities/hearing.entity.ts';
import { ProsecutorSchema } from './entities/prosecutor.entity.ts';
import { SpecialCourtSchema } from './entities/special-court.entity.ts';
import { courtsEvents } from './events.ts';
import { TrialAccusedSchema } from './entities/trial-accused.entity.ts';
import { TrialNumberCounterSchema } from './entities/trial-number-counter.entity.ts';
import { TrialSchema } from './entities/trial.entity.ts';
import { createCourtsLoaders, type CourtsLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareCourtMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';
import { courtRows } from './rows.ts';

export const courtsSubgraph: SubgraphDefinition<CourtsLoaders> = {
  name: 'courts',
  port: 4003,
  schema: new URL('../schema.graphql', import.meta.url),
  database: {
    subgraph: 'courts',
    entities: [
      SpecialCourtSchema,
      ProsecutorSchema,
      TrialSchema,
      ChargeSchema,
      HearingSchema,
      ConvictionSchema,
      // Refusals of this subgraph's fields, and every mutation: its own audit trail.
      AuditEntryWithMutationsSchema,
      // Safe retries of its mutations (Idempotency-Key): the keys and the outcomes they replay.
      IdempotencyKeySchema,
      // The flows between agencies (src/events.ts): the trial's accused as charged, the case numbers it gives.
      TrialAccusedSchema,
      TrialNumberCounterSchema,
      // Events (#events): what it emits (TrialOpened, VerdictRecorded, ConvictionRecorded, ConvictionQuashed) and what it applied (ChargeSheetFiled).
      OutboxEventSchema,
      InboxEventSchema,
    ],
    migrations,
    loadSeeder: async () => (await import('./seeders/courts.seeder.ts')).CourtsSeeder,
  },
  resolvers,
  createLoaders: createCourtsLoaders,
  rows: courtRows,
  prepareMetrics: prepareCourtMetrics,
  parts: [courtsEvents()],
};

export const createCourtsService = (options?: SubgraphServiceOptions) => createSubgraphService(courtsSubgraph, options);
