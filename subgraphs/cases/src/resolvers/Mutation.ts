import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { addSuspect } from '../mutations/add-suspect.ts';
import { assignInvestigatingOfficer } from '../mutations/assign-investigating-officer.ts';
import { assignProsecutor } from '../mutations/assign-prosecutor.ts';
import { assignSupportAdviser } from '../mutations/assign-support-adviser.ts';
import { closeCaseWithoutTrial } from '../mutations/close-case-without-trial.ts';
import { collectEvidence } from '../mutations/collect-evidence.ts';
import { fileChargeSheet } from '../mutations/file-charge-sheet.ts';
import { mutations } from '../mutations/index.ts';
import { openCase } from '../mutations/open-case.ts';
import { recordCounsellingSession } from '../mutations/record-counselling-session.ts';
import { recordForensicReport } from '../mutations/record-forensic-report.ts';
import { recordMedicoLegalExam } from '../mutations/record-medico-legal-exam.ts';
import { registerFir } from '../mutations/register-fir.ts';
import { transferEvidenceCustody } from '../mutations/transfer-evidence-custody.ts';
import { updateSuspectStatus } from '../mutations/update-suspect-status.ts';

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
  collectEvidence: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(collectEvidence, input, context);
    return { evidenceItem: entity?.item ?? null, case: entity?.case ?? null, userErrors };
  },
  transferEvidenceCustody: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(transferEvidenceCustody, input, context);
    return { evidenceItem: entity?.item ?? null, case: entity?.case ?? null, userErrors };
  },
  recordForensicReport: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordForensicReport, input, context);
    return { case: entity, userErrors };
  },
  updateSuspectStatus: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(updateSuspectStatus, input, context);
    return { case: entity, userErrors };
  },
  fileChargeSheet: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(fileChargeSheet, input, context);
    return { case: entity, userErrors };
  },
  closeCaseWithoutTrial: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(closeCaseWithoutTrial, input, context);
    return { case: entity, userErrors };
  },
  // The version too: a district prosecutor who names another prosecutor may not read the case itself.
  assignProsecutor: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(assignProsecutor, input, context);
    return { case: entity, caseVersion: entity?.version ?? null, userErrors };
  },
  assignSupportAdviser: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(assignSupportAdviser, input, context);
    return { case: entity, userErrors };
  },
  recordCounsellingSession: async (_, { input }, context) => {
    const { entity, userErrors } = await mutations.run(recordCounsellingSession, input, context);
    return { case: entity, userErrors };
  },
};
