import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { frameCharges } from '../mutations/frame-charges.ts';
import { mutations } from '../mutations/index.ts';
import { recordAppealOutcome } from '../mutations/record-appeal-outcome.ts';
import { recordHearing } from '../mutations/record-hearing.ts';
import { recordVerdict } from '../mutations/record-verdict.ts';
import { scheduleHearing } from '../mutations/schedule-hearing.ts';

export const Mutation: MutationResolvers = {
  frameCharges: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(frameCharges, input, context);
    return { trial: entity, userErrors };
  },
  scheduleHearing: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(scheduleHearing, input, context);
    return { trial: entity, userErrors };
  },
  recordHearing: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordHearing, input, context);
    return { trial: entity, userErrors };
  },
  recordVerdict: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordVerdict, input, context);
    return { trial: entity, userErrors };
  },
  recordAppealOutcome: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordAppealOutcome, input, context);
    return { conviction: entity, userErrors };
  },
};
