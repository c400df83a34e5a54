import type { CaseResolvers } from '../generated/resolvers-types.ts';

/** Cases are owned by the cases subgraph: a reference is taken as it is, and this subgraph adds its trial. */
export const Case: CaseResolvers = {
  __resolveReference: (reference) => reference,
  trial: (caseRef, _, { loaders }) => loaders.trialByCaseId.load(caseRef.id),
};
