import type { FilterQuery } from '@mikro-orm/core';
import { auditTrailPage, verifyAuditChain } from '#audit';
import { BadUserInputError } from '#service';
import { keysetPage, pageSize } from '#storage';
import { trialsAssignedTo } from '../rows.ts';
import { scopedWhere, type RowScopeFilters } from '#policy';
import { SpecialCourtSchema, type SpecialCourt } from '../entities/special-court.entity.ts';
import { TrialSchema, type Trial } from '../entities/trial.entity.ts';
import type { QueryResolvers, TrialFilter } from '../generated/resolvers-types.ts';
import { isTrialCaseNumber, isUuid } from '#reference-data';
import { DAY_MS } from '#reference-data';

const TRIAL_PAGE = { defaultSize: 50, maxSize: 500 };

const ORDER_PROPERTY = { FILED_AT: 'filedAt', CASE_NUMBER: 'caseNumber' } as const;

/** The trials a list may show the viewer, by the row condition Trial's rule gives their agency; assignments are trial columns. */
const VISIBLE_TRIALS: RowScopeFilters<Trial> = {
  SAME_PROVINCE: (province) => ({ province: province as Trial['province'] }),
  ASSIGNED: trialsAssignedTo,
};

export const Query: QueryResolvers = {
  trial: (_, { id }, { loaders }) => loaders.trialById.load(id),

  trialByCaseNumber: (_, { caseNumber }, { em }) => {
    if (!isTrialCaseNumber(caseNumber))
      throw new BadUserInputError('"caseNumber" must be a sessions case number such as SC-LHR-2026-0042.');
    return em.findOne(TrialSchema, { caseNumber });
  },

  trials: async (_, { filter, orderBy, first, after }, { em, viewer, rowScope }) => {
    const field = orderBy?.field ?? 'FILED_AT';
    const direction = orderBy?.direction ?? 'DESC';
    const limit = pageSize(first, TRIAL_PAGE);
    return keysetPage(em, {
      entity: TrialSchema,
      where: await scopedWhere(rowScope('Trial'), viewer, VISIBLE_TRIALS, trialWhere(filter ?? {}, new Date())),
      orderBy: ORDER_PROPERTY[field],
      direction,
      first: limit,
      after,
    });
  },

  conviction: (_, { id }, { loaders }) => loaders.convictionById.load(id),

  courtsAuditTrail: (_, args, { em }) => auditTrailPage(em, args),

  verifyCourtsAuditChain: (_, __, { em }) => verifyAuditChain(em),

  specialCourts: (_, { province }, { em }) => {
    const where: FilterQuery<SpecialCourt> = province ? { province } : {};
    return em.find(SpecialCourtSchema, where, { orderBy: { province: 'ASC', district: 'ASC' } });
  },
};

/** The SQL condition of a TrialFilter; `now` dates "pending longer than N days". */
export function trialWhere(filter: TrialFilter, now: Date): FilterQuery<Trial> {
  const where: FilterQuery<Trial> & Record<string, unknown> = {};
  if (filter.province) where.province = filter.province;
  if (filter.district) where.district = filter.district;
  if (filter.courtId) {
    if (!isUuid(filter.courtId)) throw new BadUserInputError('"courtId" is not the id of a special court.');
    where.court = filter.courtId;
  }
  if (filter.status) where.status = { $in: filter.status };
  const filedAt: Record<string, Date> = {};
  if (filter.filedFrom) filedAt.$gte = instant(filter.filedFrom, 'filedFrom');
  if (filter.filedBefore) filedAt.$lt = instant(filter.filedBefore, 'filedBefore');
  if (filter.pendingLongerThanDays !== undefined && filter.pendingLongerThanDays !== null) {
    const days = filter.pendingLongerThanDays;
    if (days < 0) throw new BadUserInputError('"pendingLongerThanDays" must not be negative.');
    where.decidedAt = null;
    // No trial was filed before 1970: a longer wait than that matches nothing, as the epoch does.
    const cutoff = new Date(Math.max(0, now.getTime() - days * DAY_MS));
    filedAt.$lt = filedAt.$lt && filedAt.$lt < cutoff ? filedAt.$lt : cutoff;
  }
  if (Object.keys(filedAt).length > 0) where.filedAt = filedAt;
  return where;
}

function instant(value: Date | string, name: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`"${name}" is not an instant.`);
  return date;
}
