import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROVINCES, TRIAL_STATUSES, VERDICT_OUTCOMES } from '#reference-data';
import { ProsecutorSchema } from './prosecutor.entity.ts';
import { SpecialCourtSchema } from './special-court.entity.ts';

/**
 * A trial before a special court. The case it tries lives in the cases
 * subgraph's database, so `caseId` is a plain (unique) uuid, not a foreign key.
 * The verdict is stored on the trial itself (`decidedAt`, `verdictOutcome`);
 * its convictions are rows of their own.
 */
export const TrialSchema = defineEntity({
  name: 'Trial',
  tableName: 'trial',
  properties: {
    id: p.uuid().primary(),
    caseId: p.uuid().unique(),
    caseNumber: p.string().length(32).unique(),
    court: () => p.manyToOne(SpecialCourtSchema).ref(),
    prosecutor: () => p.manyToOne(ProsecutorSchema).ref().index(),
    /** The survivor's support adviser, who may follow the trial's dates and status (ASSIGNED). */
    supportAdviserId: p.uuid().nullable(),
    province: p.enum(PROVINCES),
    district: p.string().length(64),
    status: p.enum(TRIAL_STATUSES),
    filedAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    verdictOutcome: p.enum(VERDICT_OUTCOMES).nullable(),
    /**
     * Bumped by every change the court records through the graph (DESIGN
     * section 7): an update names the version it read, and a stale one is
     * refused. Rows from before the write path start at 1.
     */
    version: p.integer().default(1),
  },
  // Every filter of `trials` narrows by one column and sorts by (filed_at, id):
  // one composite index per filter keeps each page a single range scan.
  indexes: [
    { properties: ['filedAt', 'id'] },
    { properties: ['province', 'filedAt', 'id'] },
    { properties: ['district', 'filedAt', 'id'] },
    { properties: ['court', 'filedAt', 'id'] },
    { properties: ['status', 'filedAt', 'id'] },
    // The trials list of a support adviser (their ASSIGNED rows).
    { properties: ['supportAdviserId', 'filedAt', 'id'] },
    // pendingLongerThanDays: trials without a verdict, oldest filings first.
    { name: 'trial_pending_filed_at_id_index', properties: ['filedAt', 'id'], where: { decidedAt: null } },
  ],
});

export type Trial = InferEntity<typeof TrialSchema>;
