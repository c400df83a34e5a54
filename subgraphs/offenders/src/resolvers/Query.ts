import type { FilterQuery } from '@mikro-orm/core';
import { auditTrailPage, verifyAuditChain } from '#audit';
import { scopedWhere, type RowScopeFilters } from '#policy';
import { BadUserInputError } from '#service';
import { keysetPage, pageSize } from '#storage';
import { pakistanDate } from '#reference-data';
import { statusWhere, verificationDueWithin } from '../compliance/index.ts';
import { OffenderSchema, type Offender } from '../entities/offender.entity.ts';
import type { QueryResolvers, RegisterFilter, RegisterOrderField } from '../generated/resolvers-types.ts';
import { isCnic, isRegisterNumber, isUuid } from '#reference-data';
import { RegisterConvictionSchema } from '../entities/register-conviction.entity.ts';

const REGISTER_PAGE = { defaultSize: 50, maxSize: 1000 };
const MAX_DUE_WITHIN_DAYS = 366;

const SORT_KEYS = {
  REGISTERED_AT: 'registeredAt',
  REGISTER_NUMBER: 'registerNumber',
  NEXT_VERIFICATION_DUE: 'nextVerificationDue',
} as const satisfies Record<RegisterOrderField, keyof Offender>;

/**
 * A search that selects or orders by compliance shows only entries whose
 * compliance the viewer may read (Compliance's rule: SSOIU its own province),
 * so it cannot tell of others what the field would refuse.
 */
const READABLE_COMPLIANCE: RowScopeFilters<Offender> = {
  SAME_PROVINCE: (province) => ({ province: province as Offender['province'] }),
};

const readsCompliance = (filter: RegisterFilter, field: RegisterOrderField) =>
  Boolean(filter.compliance) || (filter.verificationDueWithinDays ?? null) !== null || field === 'NEXT_VERIFICATION_DUE';

export const Query: QueryResolvers = {
  offender: (_, { id }, { loaders }) => loaders.offenderById.load(id.toLowerCase()),
  // The entry's history from the courts' events (src/events.ts): one lookup by its index.
  registerEntryHistory: (_, { offenderId }, { em }) =>
    isUuid(offenderId)
      ? em.find(RegisterConvictionSchema, { offender: offenderId.toLowerCase() }, { orderBy: { recordedAt: 'ASC', convictionId: 'ASC' } })
      : [],

  offenderByCnic: (_, { cnic }, { loaders }) => {
    if (!isCnic(cnic)) throw new BadUserInputError('"cnic" must be a CNIC in the format NNNNN-NNNNNNN-N.');
    return loaders.offenderByCnic.load(cnic);
  },

  offenderByRegisterNumber: (_, { registerNumber }, { loaders }) => {
    if (!isRegisterNumber(registerNumber)) {
      throw new BadUserInputError('"registerNumber" must be a register number such as NSOR-PB-2026-000123.');
    }
    return loaders.offenderByRegisterNumber.load(registerNumber);
  },

  searchRegister: async (_, { filter, orderBy, first, after }, { em, viewer, rowScope }) => {
    const field = orderBy?.field ?? 'REGISTERED_AT';
    const where = registerWhere(filter ?? {}, pakistanDate(new Date()));
    return keysetPage(em, {
      entity: OffenderSchema,
      where: readsCompliance(filter ?? {}, field) ? await scopedWhere(rowScope('Compliance'), viewer, READABLE_COMPLIANCE, where) : where,
      orderBy: SORT_KEYS[field],
      direction: orderBy?.direction ?? 'DESC',
      first: pageSize(first, REGISTER_PAGE),
      after,
    });
  },

  registerAuditTrail: (_, args, { em }) => auditTrailPage(em, args),

  verifyRegisterAuditChain: (_, __, { em }) => verifyAuditChain(em),
};

/** The register's search filter as a query; `today` decides which registrations are still running, and compliance. */
export function registerWhere(filter: RegisterFilter, today: string): FilterQuery<Offender> {
  const where: FilterQuery<Offender> & Record<string, unknown> = {};
  const also: FilterQuery<Offender>[] = [];
  if (filter.province) where.province = filter.province;
  if (filter.district) where.district = filter.district;
  if (filter.riskTier) where.riskTier = { $in: filter.riskTier };
  if (filter.compliance) also.push(filter.compliance.length > 0 ? statusWhere(filter.compliance, today) : { id: { $in: [] } });
  const dueWithin = filter.verificationDueWithinDays;
  if (dueWithin !== null && dueWithin !== undefined) {
    if (!Number.isInteger(dueWithin) || dueWithin < 0 || dueWithin > MAX_DUE_WITHIN_DAYS) {
      throw new BadUserInputError(`"verificationDueWithinDays" must be from 0 to ${MAX_DUE_WITHIN_DAYS}.`);
    }
    also.push(verificationDueWithin(dueWithin, today));
  }
  if (filter.registeredFrom || filter.registeredBefore) {
    where.registeredAt = {
      ...(filter.registeredFrom ? { $gte: new Date(filter.registeredFrom) } : {}),
      ...(filter.registeredBefore ? { $lt: new Date(filter.registeredBefore) } : {}),
    };
  }
  if (filter.active === true) where.registrationEndsAt = { $gte: today };
  if (filter.active === false) where.registrationEndsAt = { $lt: today };
  return also.length > 0 ? { $and: [where, ...also] } : where;
}
