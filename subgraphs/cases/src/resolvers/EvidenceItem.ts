import type { EvidenceItemResolvers } from '../generated/resolvers-types.ts';

export const EvidenceItem: EvidenceItemResolvers = {
  custody: (item, _, { loaders }) => loaders.custodyByEvidenceItem.load(item.id),
};
