import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TrialSchema } from './trial.entity.ts';

/**
 * An accused of a trial as the charge sheet named them (the cases
 * subgraph's ChargeSheetFiled event): who the court tries, by their place in
 * the case's suspect list, and the CNIC the police recorded, which goes on to
 * the register with a conviction (ConvictionRecorded) and nowhere else: it is
 * in no type of the API. The seed gives its trials theirs, as the event would.
 */
export const TrialAccusedSchema = defineEntity({
  name: 'TrialAccused',
  tableName: 'trial_accused',
  properties: {
    trial: () => p.manyToOne(TrialSchema).ref().primary(),
    suspectPosition: p.smallint().primary(),
    /** The suspect's id in the cases subgraph. */
    suspectId: p.uuid(),
    name: p.string().length(128),
    /** NNNNN-NNNNNNN-N; null when the police recorded none. */
    cnic: p.string().length(15).nullable(),
  },
});

export type TrialAccused = InferEntity<typeof TrialAccusedSchema>;
