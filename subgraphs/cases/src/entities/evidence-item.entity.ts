import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AGENCIES, EVIDENCE_KINDS, LAB_STATUSES } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/** An item of evidence collected for a case; its chain of custody is in custody_transfer. */
export const EvidenceItemSchema = defineEntity({
  name: 'EvidenceItem',
  tableName: 'evidence_item',
  properties: {
    id: p.uuid().primary(),
    case: () => p.manyToOne(CaseSchema).ref().index(),
    kind: p.enum(EVIDENCE_KINDS),
    description: p.text(),
    collectedAt: p.datetime(),
    collectedBy: p.enum(AGENCIES),
    labStatus: p.enum(LAB_STATUSES),
  },
});

export type EvidenceItem = InferEntity<typeof EvidenceItemSchema>;
