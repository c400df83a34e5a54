import type { FilterQuery } from '@mikro-orm/core';
import { auditTrailPage, verifyAuditChain } from '#audit';
import { BadUserInputError } from '#service';
import { keysetPage, pageSize } from '#storage';
import { pakistanDate } from '#reference-data';
import { OffenderSchema, type Offender } from '../entities/offender.entity.ts';
import type { QueryResolvers, RegisterFilter, RegisterOrderField } from '../generated/resolvers-types.ts';
import { isCnic } from '#reference-data';

const REGISTER_PAGE = { defaultSize: 50, maxSize: 1000 };

const SORT_KEYS = {
  REGISTERED_AT: 'registeredAt',
  REGISTER_NUMBER: 'registerNumber',
} as const satisfies Record<RegisterOrderField, keyof Offender>;

export const Query: QueryResolvers = {
  offender: (_, { id }, { loaders }) => loaders.offenderById.load(id.toLowerCase()),

  offenderByCnic: (_, { cnic }, { loaders }) => {
    if (!isCnic(cnic)) throw new BadUserInputError('"cnic" must be a CNIC in the format NNNNN-NNNNNNN-N.');
    return loaders.offenderByCnic.load(cnic);
  },

  offenderByRegisterNumber: (_, { registerNumber }, { loaders }) => loaders.offenderByRegisterNumber.load(registerNumber),

  searchRegister: (_, { filter, orderBy, first, after }, { em }) => {
    const sortKey = SORT_KEYS[orderBy?.field ?? 'REGISTERED_AT'];
    return keysetPage(em, {
      entity: OffenderSchema,
      where: registerWhere(filter ?? {}, pakistanDate(new Date())),
      orderBy: sortKey,
      direction: orderBy?.direction ?? 'DESC',
      first: pageSize(first, REGISTER_PAGE),
      after,
    });
  },

  registerAuditTrail: (_, args, { em }) => auditTrailPage(em, args),

  verifyRegisterAuditChain: (_, __, { em }) => verifyAuditChain(em),
};

/** The register's search filter as a query; `today` decides which registrations are still running. */
export function registerWhere(filter: RegisterFilter, today: string): FilterQuery<Offender> {
  const where: FilterQuery<Offender> & Record<string, unknown> = {};
  if (filter.province) where.province = filter.province;
  if (filter.district) where.district = filter.district;
  if (filter.riskTier) where.riskTier = { $in: filter.riskTier };
  if (filter.compliance) where.complianceStatus = { $in: filter.compliance };
  if (filter.registeredFrom || filter.registeredBefore) {
    where.registeredAt = {
      ...(filter.registeredFrom ? { $gte: new Date(filter.registeredFrom) } : {}),
      ...(filter.registeredBefore ? { $lt: new Date(filter.registeredBefore) } : {}),
    };
  }
  if (filter.active === true) where.registrationEndsAt = { $gte: today };
  if (filter.active === false) where.registrationEndsAt = { $lt: today };
  return where;
}
