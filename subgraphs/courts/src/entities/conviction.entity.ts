import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TrialSchema } from './trial.entity.ts';

/**
 * A conviction recorded by a verdict. The convict's register entry lives in
 * the offenders subgraph, so `offenderId` is an indexed uuid, not a foreign key.
 */
export const ConvictionSchema = defineEntity({
  name: 'Conviction',
  tableName: 'conviction',
  properties: {
    id: p.uuid().primary(),
    trial: () => p.manyToOne(TrialSchema).ref().index(),
    offenderId: p.uuid().index(),
    /** The convict's position in the case's suspect list (cases subgraph). */
    suspectPosition: p.smallint(),
    offenceSection: p.string().length(64),
    convictedAt: p.datetime(),
    sentenceDescription: p.string(),
    imprisonmentYears: p.smallint().nullable(),
    lifeImprisonment: p.boolean(),
    death: p.boolean(),
    fineRupees: p.integer().nullable(),
  },
});

export type Conviction = InferEntity<typeof ConvictionSchema>;
