import { defineEntity, p } from '@mikro-orm/core';

/**
 * A ledger of seed runs, in every subgraph's schema, written in the same
 * transaction as the seed: a start after an interrupted seed seeds again.
 */
export const SeedRunSchema = defineEntity({
  name: 'SeedRun',
  tableName: 'seed_run',
  properties: {
    id: p.integer().primary().autoincrement(),
    scale: p.integer(),
    seededAt: p.datetime(),
  },
});
