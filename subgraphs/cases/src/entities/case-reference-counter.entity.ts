import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The last sequence number given to a case reference of a cell in a year
 * (ARCC-<CODE>-<YEAR>-<SEQ>). Taken and raised in one statement inside the
 * intake's transaction, which holds the row's lock until it commits: two
 * intakes at one cell in one year take turns, and a rolled-back intake gives
 * its number back, so the numbers are unique and without gaps.
 */
export const CaseReferenceCounterSchema = defineEntity({
  name: 'CaseReferenceCounter',
  tableName: 'case_reference_counter',
  properties: {
    cellCode: p.string().length(8).collation('C').primary(),
    year: p.smallint().primary(),
    lastSeq: p.integer(),
  },
});

export type CaseReferenceCounter = InferEntity<typeof CaseReferenceCounterSchema>;
