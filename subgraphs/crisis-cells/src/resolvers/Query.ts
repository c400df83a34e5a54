import type { FilterQuery } from '@mikro-orm/core';
import { auditTrailPage, verifyAuditChain } from '#audit';
import { keysetPage, pageSize } from '#storage';
import { CrisisCellSchema, type CrisisCell } from '../entities/crisis-cell.entity.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';

const DIRECTORY_PAGE = { defaultSize: 50, maxSize: 100 };

export const Query: QueryResolvers = {
  crisisCell: (_, { id }, { loaders }) => loaders.cellById.load(id),

  crisisCells: (_, args, { em }) => {
    const where: FilterQuery<CrisisCell> = {};
    if (args.province) where.province = args.province;
    if (args.district) where.district = args.district;
    if (args.city) where.city = args.city;
    if (args.open24Hours !== undefined && args.open24Hours !== null) where.open24Hours = args.open24Hours;
    if (args.service) where.services = { $contains: [args.service] };
    return keysetPage(em, {
      entity: CrisisCellSchema,
      where,
      orderBy: 'name',
      direction: 'ASC',
      first: pageSize(args.first, DIRECTORY_PAGE),
      after: args.after,
    });
  },

  crisisCellsAuditTrail: (_, args, { em }) => auditTrailPage(em, args),

  verifyCrisisCellsAuditChain: (_, __, { em }) => verifyAuditChain(em),
};
