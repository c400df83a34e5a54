import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
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
    findingsSummary: p.text(),
  },
});

export type MedicoLegalExam = InferEntity<typeof MedicoLegalExamSchema>;
