import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CaseSchema } from './case.entity.ts';

/**
 * The survivor of a case, one per case, kept apart from the case row: this is
 * the most sensitive data of the graph (Act s.26), read and audited on its own.
 * Keyed by the case itself.
 */
export const SurvivorSchema = defineEntity({
  name: 'Survivor',
  tableName: 'survivor',
  properties: {
    case: () => p.oneToOne(CaseSchema).ref().primary(),
    pseudonym: p.string().length(32).unique(),
    fullName: p.string().length(128),
    /** CNIC, or a child's B-Form number. */
    cnic: p.string().length(15).nullable(),
    contactPhone: p.string().length(16).nullable(),
    ageAtIncident: p.smallint().nullable(),
  },
});

export type Survivor = InferEntity<typeof SurvivorSchema>;
