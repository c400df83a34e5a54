import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { AGENCIES, EVIDENCE_KINDS, LAB_STATUSES } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/**
 * An item of evidence collected for a case; its chain of custody is in
 * custody_transfer. A seal number is unique within its case.
 */
export const EvidenceItemSchema = defineEntity({
  name: 'EvidenceItem',
  tableName: 'evidence_item',
  uniques: [{ name: 'evidence_item_case_id_seal_number_unique', properties: ['case', 'sealNumber'] }],
  properties: {
    id: p.uuid().primary(),
    case: () => p.manyToOne(CaseSchema).ref().index(),
    kind: p.enum(EVIDENCE_KINDS),
    description: p.text(),
    collectedAt: p.datetime(),
    collectedBy: p.enum(AGENCIES),
    labStatus: p.enum(LAB_STATUSES),
    /** The number of the seal put on it at collection; null for items recorded before seal numbers were. */
    sealNumber: p.string().length(64).nullable(),
    /** Who collected it (rank or role and name); null for items recorded before collectors were. */
    collectorName: p.string().length(128).nullable(),
    /** A hand-over of its chain found the seal broken: the chain's integrity is in question. Set with that hand-over, never cleared. */
    sealBroken: p.boolean().default(false),
  },
});

export type EvidenceItem = InferEntity<typeof EvidenceItemSchema>;
