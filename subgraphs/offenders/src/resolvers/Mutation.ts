import type { ComplianceSettings } from '../compliance/index.ts';
import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { markAbsconded, markLocated } from '../mutations/absconding.ts';
import { correctRegisterEntry } from '../mutations/correct-register-entry.ts';
import { mutations, type RegisterWrites } from '../mutations/entry-update.ts';
import { recordNotification } from '../mutations/record-notification.ts';
import { recordVerification } from '../mutations/record-verification.ts';
import { verifyNotification } from '../mutations/verify-notification.ts';

/**
 * The register's mutations, judging compliance by the settings the subgraph
 * runs with (read when a mutation runs, as the definition supplies them).
 */
export function mutationResolvers(settings: () => ComplianceSettings): MutationResolvers {
  const writes = (): RegisterWrites => ({ settings: settings() });
  return {
    recordNotification: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(recordNotification(writes()), input, context);
      return { offender: entity?.offender ?? null, notification: entity?.notification ?? null, userErrors };
    },
    verifyNotification: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(verifyNotification(writes()), input, context);
      return { offender: entity?.offender ?? null, notification: entity?.notification ?? null, userErrors };
    },
    recordVerification: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(recordVerification(writes()), input, context);
      return { offender: entity, userErrors };
    },
    markAbsconded: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(markAbsconded, input, context);
      return { offender: entity, userErrors };
    },
    markLocated: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(markLocated, input, context);
      return { offender: entity, userErrors };
    },
    correctRegisterEntry: async (_, { input }, context) => {
      const { entity, userErrors } = await mutations.run(correctRegisterEntry, input, context);
      return { offender: entity, userErrors };
    },
  };
}
