import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { INVESTIGATION_STATUSES } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/** The district SSOIU's investigation of a case, at most one per case. */
export const InvestigationSchema = defineEntity({
  name: 'Investigation',
  tableName: 'investigation',
  properties: {
    case: () => p.oneToOne(CaseSchema).ref().primary(),
    unitId: p.uuid(),
    unitName: p.string().length(128),
    investigatingOfficerId: p.uuid(),
    /** Rank and name, e.g. "Inspector Saima Akhtar". */
    investigatingOfficer: p.string().length(128),
    openedAt: p.datetime(),
    status: p.enum(INVESTIGATION_STATUSES),
    chargeSheetFiledAt: p.datetime().nullable(),
    /** The sections the charge sheet charges under (fileChargeSheet); null before it, and for charge sheets filed before the graph recorded them. */
    chargeSheetSections: p.array().$type<string[]>().nullable(),
  },
});

export type Investigation = InferEntity<typeof InvestigationSchema>;
