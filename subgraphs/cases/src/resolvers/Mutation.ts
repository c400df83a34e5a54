import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { addSuspect } from '../mutations/add-suspect.ts';
import { assignInvestigatingOfficer } from '../mutations/assign-investigating-officer.ts';
import { mutations } from '../mutations/index.ts';
import { openCase } from '../mutations/open-case.ts';
import { recordMedicoLegalExam } from '../mutations/record-medico-legal-exam.ts';
import { registerFir } from '../mutations/register-fir.ts';

export const Mutation: MutationResolvers = {
  openCase: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(openCase, input, context);
    return { case: entity, userErrors };
  },
  recordMedicoLegalExam: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordMedicoLegalExam, input, context);
    return { case: entity, userErrors };
  },
  registerFir: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(registerFir, input, context);
    return { case: entity, userErrors };
  },
  assignInvestigatingOfficer: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(assignInvestigatingOfficer, input, context);
    return { case: entity, userErrors };
  },
  addSuspect: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(addSuspect, input, context);
    return { case: entity, userErrors };
  },
};
