import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ASSIGNED_AGENCIES } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/**
 * Who is assigned to a case, for the ASSIGNED row rule: the investigating
 * officer (SSOIU, by officer id), the prosecutor (PROSECUTION, by prosecutor
 * id), the special court (COURT, by court id) and the survivor's support
 * adviser (SUPPORT_ADVISER, by adviser id). The ids are the token's `sub` or
 * `courtId`. Keyed by (case, agency, assignee); the (agency, assignee, case)
 * index answers "the cases assigned to me" with an index-only scan.
 */
export const CaseAssignmentSchema = defineEntity({
  name: 'CaseAssignment',
  tableName: 'case_assignment',
  properties: {
    case: () => p.manyToOne(CaseSchema).ref().primary(),
    agency: p.enum(ASSIGNED_AGENCIES).primary(),
    assigneeId: p.uuid().primary(),
  },
  indexes: [{ name: 'case_assignment_agency_assignee_id_case_id_index', properties: ['agency', 'assigneeId', 'case'] }],
});

export type CaseAssignment = InferEntity<typeof CaseAssignmentSchema>;
