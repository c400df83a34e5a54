import { subgraphUrl } from '../../index.ts';
import { AuditEntryWithMutationsSchema } from '#audit';
import { InboxEventSchema, OutboxEventSchema } from '#events';
import { IdempotencyKeySchema } from '#mutation';
import { createSubgraphService, type SubgraphDefinition, type SubgraphServiceOptions } from '#subgraph';
import { complianceSettingsFromEnv, type ComplianceSettings } from './compliance/index.ts';
import { OffenderSchema } from './entities/offender.entity.ts';
import { RegisterConvictionSchema } from './entities/register-conviction.entity.ts';
import { RegisterNumberCounterSchema } from './entities/register-number-counter.entity.ts';
import { offendersEvents } from './events.ts';
import { type RegistrationRules, registrationRulesFromEnv } from './registration-rules.ts';
import { RegisterCorrectionSchema } from './entities/register-correction.entity.ts';
import { RegistrantNotificationSchema } from './entities/registrant-notification.entity.ts';
import { createOffenderLoaders, type OffenderLoaders } from './loaders.ts';
import { migrations } from './migrations/index.ts';
import { prepareRegisterMetrics } from './metrics.ts';
import { resolversWith } from './resolvers/index.ts';
import { offenderRows } from './rows.ts';

/**
 * The register's subgraph, judging compliance by the limits the environment
 * sets (REGISTER_*, compliance/settings.ts): a bad one throws here, so the
 * subgraph refuses to start. The seeder computes the due dates it stores by
 * them, as the write path does when it records an event.
 */
export function offendersSubgraphFor(env: NodeJS.ProcessEnv = process.env): SubgraphDefinition<OffenderLoaders> {
  const settings = complianceSettingsFromEnv(env);
  const rules = registrationRulesFromEnv(env);
  return definition(
    () => settings,
    () => rules,
  );
}

/**
 * For the scripts and tests that act on every subgraph: importing it reads
 * nothing, the settings are read from the process's environment when a seed
 * needs them.
 */
export const offendersSubgraph: SubgraphDefinition<OffenderLoaders> = definition(
  () => complianceSettingsFromEnv(process.env),
  () => registrationRulesFromEnv(process.env),
);

export const createOffendersService = async (options?: SubgraphServiceOptions) =>
  createSubgraphService(offendersSubgraphFor(options?.env), options);

function definition(compliance: () => ComplianceSettings, rules: () => RegistrationRules): SubgraphDefinition<OffenderLoaders> {
  return {
    name: 'offenders',
    port: 4002,
    schema: new URL('../schema.graphql', import.meta.url),
    database: {
      subgraph: 'offenders',
      entities: [
        OffenderSchema,
        RegistrantNotificationSchema,
        RegisterCorrectionSchema,
        // Who read an offender's identity or address, and every mutation: the register's own audit trail.
        AuditEntryWithMutationsSchema,
        // Safe retries of its mutations (Idempotency-Key): the keys and the outcomes they replay.
        IdempotencyKeySchema,
        // The courts' convictions the register took (ConvictionRecorded, src/events.ts), and the numbers it gives.
        RegisterConvictionSchema,
        RegisterNumberCounterSchema,
        // Events (#events): what it has applied, and what it emits (OffenderRegistered).
        InboxEventSchema,
        OutboxEventSchema,
      ],
      migrations,
      loadSeeder: async () => (await import('./seeders/offenders.seeder.ts')).offendersSeederWith(compliance(), rules()),
    },
    // The mutations refresh compliance by the same settings as the seeder (read when one runs).
    resolvers: resolversWith(compliance),
    createLoaders: createOffenderLoaders,
    rows: offenderRows,
    prepareMetrics: prepareRegisterMetrics,
    // STATED_PURPOSE: the cases subgraph knows which cases an officer is assigned to.
    statedPurposeUrl: (env) => subgraphUrl('cases', env),
    parts: [offendersEvents(rules, compliance)],
  };
}
