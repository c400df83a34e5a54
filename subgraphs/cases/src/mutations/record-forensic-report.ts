import { checkExpectedVersion, invalidTransition, type MutationSteps, staleUnlessCurrent, type UserError, userError } from '#mutation';
import type { CaseStatus } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { type MedicoLegalExam, MedicoLegalExamSchema } from '../entities/medico-legal-exam.entity.ts';
import type { RecordForensicReportInput } from '../generated/resolvers-types.ts';
import { lockedCase } from './case-update.ts';

/** Until the case is decided or closed: a report can reach the cell while the trial runs. */
const REPORT_ALLOWED_IN: ReadonlySet<CaseStatus> = new Set(['REPORTED', 'UNDER_INVESTIGATION', 'CHARGE_SHEET_FILED', 'ON_TRIAL']);

interface CaseForReport {
  case: Case;
  exam: MedicoLegalExam | null;
}

/**
 * recordForensicReport: the crisis cell records the forensic laboratory's
 * report on the samples of its examination of the survivor: one per case (the
 * examination's, as MedicoLegalExam.forensicReportAt has always been), after
 * the examination, not in the future.
 */
export const recordForensicReport: MutationSteps<RecordForensicReportInput, CaseForReport, Case> = {
  name: 'recordForensicReport',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('reportedAt'), new Date(input.reportedAt));
    checks.text(at('laboratory'), input.laboratory, 128);
    checks.text(at('reportNumber'), input.reportNumber, 64, { required: false });
    checks.text(at('findings'), input.findings, 4_000);
  },

  // The case locked for the rest of the transaction, and its examination.
  async load(tx, input) {
    const found = await lockedCase(tx, input.caseId);
    if (!found) return null;
    return { case: found, exam: await tx.findOne(MedicoLegalExamSchema, { case: found.id }) };
  },

  storedRow: ({ case: row }) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

  check({ case: row, exam }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(row, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (!REPORT_ALLOWED_IN.has(row.status)) return [invalidTransition(row.status, 'recording a forensic report')];
    if (!exam) {
      return [
        userError(
          'INVALID_TRANSITION',
          null,
          'The case has no medico-legal examination: a forensic report answers one, so it is recorded first.',
        ),
      ];
    }
    if (exam.forensicReportAt) return [userError('CONFLICT', ['input', 'caseId'], 'The case has its forensic report already.')];
    checks.inOrder(['input', 'reportedAt'], exam.examinedAt, new Date(input.reportedAt), 'The report cannot come before the examination.');
    checks.that(
      ['input', 'dnaResult'],
      exam.dnaSamplesTaken || input.dnaResult === 'NOT_TESTED',
      'The examination took no DNA samples: the result is NOT_TESTED.',
    );
    return [];
  },

  async change(_tx, { case: row, exam }, input) {
    exam!.forensicReportAt = new Date(input.reportedAt);
    exam!.forensicLaboratory = input.laboratory.trim();
    exam!.forensicReportNumber = input.reportNumber?.trim() ?? null;
    exam!.dnaResult = input.dnaResult;
    exam!.forensicFindings = input.findings.trim();
    row.version += 1;
    return { entity: row, rowIds: [row.id] };
  },
};
