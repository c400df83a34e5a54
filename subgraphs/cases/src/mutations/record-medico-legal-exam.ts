import { checkExpectedVersion, type MutationSteps, userError, type UserError } from '#mutation';
import { HOUR_MS } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { MedicoLegalExamSchema } from '../entities/medico-legal-exam.entity.ts';
import type { RecordMedicoLegalExamInput } from '../generated/resolvers-types.ts';
import { lockedCase } from './case-update.ts';
import { refusedUpdate } from './case-status.ts';

interface CaseForExam {
  case: Case;
  examined: boolean;
}

/** recordMedicoLegalExam: the crisis cell's one examination of the survivor of a case of its own. */
export const recordMedicoLegalExam: MutationSteps<RecordMedicoLegalExamInput, CaseForExam, Case> = {
  name: 'recordMedicoLegalExam',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('examinedAt'), new Date(input.examinedAt));
    checks.text(at('examinerName'), input.examinerName, 128);
    checks.text(at('findingsSummary'), input.findingsSummary, 4_000);
  },

  // The case locked for the rest of the transaction, and whether it has its examination already.
  async load(tx, input) {
    const found = await lockedCase(tx, input.caseId);
    if (!found) return null;
    return { case: found, examined: (await tx.count(MedicoLegalExamSchema, { case: found.id })) > 0 };
  },

  storedRow: ({ case: row }) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

  check({ case: row, examined }, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'recordMedicoLegalExam');
    if (refused.length > 0) return refused;
    if (examined) return [userError('CONFLICT', ['input', 'caseId'], 'The case has its medico-legal examination already.')];
    checks.inOrder(['input', 'examinedAt'], row.reportedAt, new Date(input.examinedAt), 'The examination cannot come before the report.');
    return [];
  },

  async change(tx, { case: row }, input) {
    const examinedAt = new Date(input.examinedAt);
    tx.create(MedicoLegalExamSchema, {
      case: row,
      examinedAt,
      hoursAfterReport: (examinedAt.getTime() - row.reportedAt.getTime()) / HOUR_MS,
      examinerName: input.examinerName.trim(),
      dnaSamplesTaken: input.dnaSamplesTaken,
      forensicReportAt: null,
      findingsSummary: input.findingsSummary.trim(),
    });
    row.version += 1;
    return { entity: row, rowIds: [row.id] };
  },
};
