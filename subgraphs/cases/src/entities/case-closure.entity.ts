import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CaseSchema } from './case.entity.ts';

/** Why a case was closed without trial: a closed list, each reason fitting the stage the case closed at. */
export const CLOSURE_REASONS = ['SURVIVOR_DECLINED', 'DUPLICATE_REPORT', 'UNTRACED', 'INSUFFICIENT_EVIDENCE'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/**
 * How a case was closed without trial (closeCaseWithoutTrial), at most one per
 * case, kept apart from the case row: the explanation is the investigation's
 * account, not for every reader of the case. Keyed by the case itself.
 */
export const CaseClosureSchema = defineEntity({
  name: 'CaseClosure',
  tableName: 'case_closure',
  properties: {
    case: () => p.oneToOne(CaseSchema).ref().primary(),
    reason: p.enum(CLOSURE_REASONS),
    explanation: p.text(),
    closedAt: p.datetime(),
  },
});

export type CaseClosure = InferEntity<typeof CaseClosureSchema>;
