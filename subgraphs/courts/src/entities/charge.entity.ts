import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TrialSchema } from './trial.entity.ts';

/** A charge framed against one accused; identified by its trial and its place in the charge sheet. */
export const ChargeSchema = defineEntity({
  name: 'Charge',
  tableName: 'charge',
  properties: {
    trial: () => p.manyToOne(TrialSchema).ref().primary(),
    position: p.smallint().primary(),
    offenceSection: p.string().length(64),
    framedAt: p.datetime(),
    accusedName: p.string(),
    /** The accused's position in the case's suspect list (cases subgraph). */
    suspectPosition: p.smallint(),
  },
});

export type Charge = InferEntity<typeof ChargeSchema>;
