import type { TrialResolvers, VerdictResolvers } from '../generated/resolvers-types.ts';
import { wholeDaysBetween } from '#reference-data';

export const Trial: TrialResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.trialById.load(reference.id),
  court: async (trial, _, { loaders }) => {
    const court = await loaders.courtById.load(trial.court.id);
    if (!court) throw new Error(`trial ${trial.id} refers to a missing court`);
    return court;
  },
  prosecutor: (trial, _, { loaders }) => loaders.prosecutorById.load(trial.prosecutor.id),
  case: (trial) => ({ __typename: 'Case', id: trial.caseId }),
  charges: (trial, _, { loaders }) => loaders.chargesByTrial.load(trial.id),
  hearings: (trial, _, { loaders }) => loaders.hearingsByTrial.load(trial.id),
  verdict: (trial) =>
    trial.decidedAt && trial.verdictOutcome
      ? { trial, trialId: trial.id, decidedAt: trial.decidedAt, outcome: trial.verdictOutcome }
      : null,
  daysElapsed: (trial) => wholeDaysBetween(trial.filedAt, trial.decidedAt ?? new Date()),
};

export const Verdict: VerdictResolvers = {
  convictions: (verdict, _, { loaders }) => loaders.convictionsByTrial.load(verdict.trialId),
};
