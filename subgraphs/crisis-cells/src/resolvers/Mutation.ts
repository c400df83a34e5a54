import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { mutations } from '../mutations/index.ts';
import { recordCellVisit } from '../mutations/record-cell-visit.ts';

export const Mutation: MutationResolvers = {
  recordCellVisit: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordCellVisit, input, context);
    return { visit: entity, userErrors };
  },
};
