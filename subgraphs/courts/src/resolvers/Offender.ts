import type { OffenderResolvers } from '../generated/resolvers-types.ts';

/** Register entries are owned by the offenders subgraph: a reference is taken as it is, and this subgraph adds the convictions. */
export const Offender: OffenderResolvers = {
  __resolveReference: (reference) => reference,
  convictions: (offender, _, { loaders }) => loaders.convictionsByOffender.load(offender.id),
};
