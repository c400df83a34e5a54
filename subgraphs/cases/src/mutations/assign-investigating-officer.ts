import { checkExpectedVersion, type MutationSteps, userError, type UserError } from '#mutation';
import { isUuid } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { InvestigationSchema, type Investigation } from '../entities/investigation.entity.ts';
import type { AssignInvestigatingOfficerInput } from '../generated/resolvers-types.ts';
import { replaceAssignment } from './case-assignment.ts';
import { lockedCase } from './case-update.ts';
import { refusedUpdate } from './case-status.ts';

interface CaseForAssignment {
  case: Case;
  investigation: Investigation | null;
  /** The caller's unit (the token's unitId), for an investigation that opens with this assignment. */
  unitId: string | null;
}

/**
 * assignInvestigatingOfficer: the unit head names the officer who investigates
 * a case of the province. The officer becomes the case's assigned SSOIU
 * officer (the row the ASSIGNED rule reads), replacing any before.
 */
export const assignInvestigatingOfficer: MutationSteps<AssignInvestigatingOfficerInput, CaseForAssignment, Case> = {
  name: 'assignInvestigatingOfficer',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.that(at('officerId'), isUuid(input.officerId), "An officer's id is a UUID (the sub of the officer's token).");
    checks.text(at('officerName'), input.officerName, 128);
  },

  // The case locked for the rest of the transaction, and its investigation.
  async load(tx, input, viewer) {
    const found = await lockedCase(tx, input.caseId);
    if (!found) return null;
    const investigation = await tx.findOne(InvestigationSchema, { case: found.id });
    return { case: found, investigation, unitId: isUuid(viewer.unitId) ? viewer.unitId : null };
  },

  storedRow: ({ case: row }) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

  check({ case: row, investigation, unitId }, input): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'assignInvestigatingOfficer');
    if (refused.length > 0) return refused;
    if (!investigation && !unitId) {
      return [
        userError(
          'INVALID_INPUT',
          null,
          "The case has no investigation yet, and the caller's token names no unit (unitId) to open it under.",
        ),
      ];
    }
    return [];
  },

  async change(tx, { case: row, investigation, unitId }, input) {
    const officerName = input.officerName.trim();
    if (investigation) {
      investigation.investigatingOfficerId = input.officerId;
      investigation.investigatingOfficer = officerName;
    } else {
      tx.create(InvestigationSchema, {
        case: row,
        unitId: unitId!,
        unitName: `SSOIU ${row.district}`,
        investigatingOfficerId: input.officerId,
        investigatingOfficer: officerName,
        openedAt: new Date(),
        status: 'OPEN',
        chargeSheetFiledAt: null,
      });
    }
    await replaceAssignment(tx, row, 'SSOIU', input.officerId);
    row.version += 1;
    return { entity: row, rowIds: [row.id] };
  },
};
