import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { HEARING_OUTCOMES } from '#reference-data';
import { TrialSchema } from './trial.entity.ts';

export const HearingSchema = defineEntity({
  name: 'Hearing',
  tableName: 'hearing',
  properties: {
    id: p.uuid().primary(),
    trial: () => p.manyToOne(TrialSchema).ref(),
    scheduledFor: p.datetime(),
    purpose: p.string(),
    outcome: p.enum(HEARING_OUTCOMES),
    adjournmentReason: p.string().nullable(),
    inCamera: p.boolean(),
  },
  // A trial's hearings are read together, in date order; the committee's figures read a year of hearings by date.
  indexes: [{ properties: ['trial', 'scheduledFor'] }, { properties: ['scheduledFor'] }],
});

export type Hearing = InferEntity<typeof HearingSchema>;
