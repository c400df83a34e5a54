import type { AppealDecisionResolvers, ConvictionResolvers, SentenceResolvers } from '../generated/resolvers-types.ts';

export const Conviction: ConvictionResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.convictionById.load(reference.id),
  sentence: (conviction) => conviction,
  offender: (conviction) => (conviction.offenderId ? { __typename: 'Offender', id: conviction.offenderId } : null),
  appeal: (conviction) => (conviction.appealOutcome ? conviction : null),
  trial: async (conviction, _, { loaders }) => {
    const trial = await loaders.trialById.load(conviction.trial.id);
    if (!trial) throw new Error(`conviction ${conviction.id} refers to a missing trial`);
    return trial;
  },
};

/** A sentence is its conviction's sentence columns. */
export const Sentence: SentenceResolvers = {
  description: (conviction) => conviction.sentenceDescription,
  imprisonmentYears: (conviction) => conviction.imprisonmentYears ?? null,
  lifeImprisonment: (conviction) => conviction.lifeImprisonment,
  death: (conviction) => conviction.death,
  fineRupees: (conviction) => conviction.fineRupees ?? null,
};

/** An appeal decision is its conviction's appeal columns, present when appealOutcome is. */
export const AppealDecision: AppealDecisionResolvers = {
  outcome: (conviction) => conviction.appealOutcome!,
  decidedAt: (conviction) => conviction.appealDecidedAt!,
  reference: (conviction) => conviction.appealReference!,
};
