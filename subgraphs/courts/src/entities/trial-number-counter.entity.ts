import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The last sequence number given to a trial's case number at a special court
 * in a year (SC-<CODE>-<YEAR>-<SEQ>). Taken and raised in one statement in the
 * transaction that opens the trial, which holds the row's lock until it
 * commits: trials opened at one court take turns, and one rolled back gives
 * its number back, so the numbers are unique and without gaps.
 */
export const TrialNumberCounterSchema = defineEntity({
  name: 'TrialNumberCounter',
  tableName: 'trial_number_counter',
  properties: {
    courtCode: p.string().length(8).collation('C').primary(),
    year: p.smallint().primary(),
    lastSeq: p.integer(),
  },
});

export type TrialNumberCounter = InferEntity<typeof TrialNumberCounterSchema>;
