import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** What the forensic laboratory found of DNA in the examination's samples. */
export const DNA_RESULTS = ['MATCHES_SUSPECT', 'EXCLUDES_SUSPECT', 'PROFILE_NO_REFERENCE', 'NO_PROFILE', 'NOT_TESTED'] as const;
export type DnaResult = (typeof DNA_RESULTS)[number];
import { CaseSchema } from './case.entity.ts';

/** The crisis cell's medico-legal examination of the survivor, at most one per case. */
export const MedicoLegalExamSchema = defineEntity({
  name: 'MedicoLegalExam',
  tableName: 'medico_legal_exam',
  properties: {
    case: () => p.oneToOne(CaseSchema).ref().primary(),
    examinedAt: p.datetime(),
    hoursAfterReport: p.double(),
    examinerName: p.string(),
    dnaSamplesTaken: p.boolean(),
    forensicReportAt: p.datetime().nullable(),
    /** The laboratory that reported (recorded with the report through the graph; null for a return recorded before). */
    forensicLaboratory: p.string().length(128).nullable(),
    forensicReportNumber: p.string().length(64).nullable(),
    dnaResult: p.enum(DNA_RESULTS).nullable(),
    forensicFindings: p.text().nullable(),
    findingsSummary: p.text(),
  },
});

export type MedicoLegalExam = InferEntity<typeof MedicoLegalExamSchema>;
