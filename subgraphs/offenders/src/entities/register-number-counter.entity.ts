import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The last sequence number given to a register number of a province in a year
 * (NSOR-<PROVINCE>-<YEAR>-<SEQ>). Taken and raised in one statement in the
 * transaction that makes the entry, which holds the row's lock until it
 * commits: numbers are unique and without gaps (as case references).
 */
export const RegisterNumberCounterSchema = defineEntity({
  name: 'RegisterNumberCounter',
  tableName: 'register_number_counter',
  properties: {
    provinceCode: p.string().length(8).collation('C').primary(),
    year: p.smallint().primary(),
    lastSeq: p.integer(),
  },
});

export type RegisterNumberCounter = InferEntity<typeof RegisterNumberCounterSchema>;
