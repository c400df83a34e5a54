import { checkExpectedVersion, type MutationSteps, userError, type UserError } from '#mutation';
import { isUuid, scheduledOffenceOf } from '#reference-data';
import type { ChargeSheetFiledV1 } from '../../../flows.ts';
import { type CaseAssignment, CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import type { Case } from '../entities/case.entity.ts';
import { type Fir, FirSchema } from '../entities/fir.entity.ts';
import { type Investigation, InvestigationSchema } from '../entities/investigation.entity.ts';
import { type Suspect, SuspectSchema } from '../entities/suspect.entity.ts';
import type { FileChargeSheetInput } from '../generated/resolvers-types.ts';
import { assignedOfficerSteps, type OfficersCase } from './case-assignment.ts';
import { moveCase, refusedUpdate } from './case-status.ts';

const MAX_ACCUSED = 20;
const MAX_SECTIONS = 10;

type CaseForChargeSheet = OfficersCase<{
  investigation: Investigation | null;
  fir: Fir | null;
  /** The case's suspects, the accused among them. */
  suspects: Suspect[];
  /** The case's prosecutor, if one is assigned: the trial opens with them. */
  prosecutor: CaseAssignment | null;
}>;

const at = (...path: string[]) => ['input', ...path];

/**
 * fileChargeSheet: the case's assigned officer files the charge sheet (the
 * police report under s.173 CrPC) of a case under investigation: the accused
 * are CHARGED, the investigation and the case CHARGE_SHEET_FILED.
 */
export const fileChargeSheet: MutationSteps<FileChargeSheetInput, CaseForChargeSheet, Case> = {
  // The case, whether the caller is its officer; its investigation, FIR and suspects (one lookup each, whatever their number).
  ...assignedOfficerSteps('fileChargeSheet', async (tx, found) => ({
    investigation: await tx.findOne(InvestigationSchema, { case: found.id }),
    fir: await tx.findOne(FirSchema, { case: found.id }),
    suspects: await tx.find(SuspectSchema, { case: found.id }),
    prosecutor: await tx.findOne(CaseAssignmentSchema, { case: found.id, agency: 'PROSECUTION' }),
  })),

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('filedAt'), new Date(input.filedAt));
    if (checks.list(at('accusedIds'), input.accusedIds, MAX_ACCUSED, isUuid, "Each accused is named by the suspect's id (Suspect.id).")) {
      checks.that(at('accusedIds'), new Set(input.accusedIds).size === input.accusedIds.length, 'Each accused is named once.');
    }
    if (
      checks.list(
        at('sections'),
        input.sections,
        MAX_SECTIONS,
        (section) => scheduledOffenceOf(section) !== null,
        'Each section must be one the Act schedules, written e.g. PPC 376(1).',
      )
    ) {
      checks.that(at('sections'), new Set(input.sections).size === input.sections.length, 'Each section is charged once.');
    }
  },

  check({ case: row, investigation, fir, suspects }, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'fileChargeSheet');
    if (refused.length > 0) return refused;
    if (!investigation) return [userError('CONFLICT', at('caseId'), 'The case has no investigation to file a charge sheet from.')];
    checks.inOrder(
      at('filedAt'),
      fir?.registeredAt ?? row.reportedAt,
      new Date(input.filedAt),
      'The charge sheet cannot be filed before the FIR.',
    );
    const byId = new Map(suspects.map((suspect) => [suspect.id, suspect]));
    const accused = input.accusedIds.map((id) => byId.get(id));
    if (checks.that(at('accusedIds'), accused.every(Boolean), 'Each accused must be a suspect of the case.')) {
      checks.that(
        at('accusedIds'),
        accused.every((suspect) => suspect!.status !== 'DISCHARGED'),
        'A discharged suspect cannot be accused.',
      );
    }
    return [];
  },

  /**
   * The charge sheet, all of it here: the investigation's record of it, the
   * accused charged, the case moved on; and, in the same transaction, the
   * event that takes it to the special court (ChargeSheetFiled, subgraphs/flows.ts),
   * which opens the trial.
   */
  async change(_tx, { case: row, investigation, suspects, prosecutor }, input) {
    investigation!.status = 'CHARGE_SHEET_FILED';
    investigation!.chargeSheetFiledAt = new Date(input.filedAt);
    investigation!.chargeSheetSections = [...input.sections];
    const accused = new Set(input.accusedIds);
    for (const suspect of suspects) if (accused.has(suspect.id)) suspect.status = 'CHARGED';
    moveCase(row, 'fileChargeSheet');
    row.version += 1;
    const byId = new Map(suspects.map((suspect) => [suspect.id, suspect]));
    const payload: ChargeSheetFiledV1 = {
      schemaVersion: 1,
      caseId: row.id,
      caseReference: row.reference,
      province: row.province,
      district: row.district,
      filedAt: new Date(input.filedAt).toISOString(),
      sections: [...input.sections],
      accused: input.accusedIds.map((id) => {
        const suspect = byId.get(id)!;
        return { suspectId: suspect.id, position: suspect.position, name: suspect.name, cnic: suspect.cnic ?? null };
      }),
      prosecutorId: prosecutor?.assigneeId ?? null,
    };
    return {
      entity: row,
      rowIds: [row.id, ...input.accusedIds],
      events: [{ type: 'ChargeSheetFiled', aggregateType: 'Case', aggregateId: row.id, payload: { ...payload } }],
    };
  },
};
