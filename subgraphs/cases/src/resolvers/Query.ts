import type { FilterQuery } from '@mikro-orm/core';
import { auditTrailPage, verifyAuditChain } from '#audit';
import { isCaseReference, isUuid, isWrittenNumber, MAX_KEY_LENGTH } from '#reference-data';
import { BadUserInputError } from '#service';
import { dashboardQuery } from '#committee-metrics';
import { keysetPage, pageSize } from '#storage';
import { scopedWhere, type RowScopeFilters } from '#policy';
import type { CasesContext } from '../context.ts';
import { CaseSchema, type Case } from '../entities/case.entity.ts';
import type { CaseFilter, CaseOrder, QueryResolvers } from '../generated/resolvers-types.ts';

const CASE_PAGE = { defaultSize: 50, maxSize: 500 };
const REFERENCE_EXAMPLE = 'ARCC-LHR1-2026-000123';
const WRITTEN_NUMBER = `1 to ${MAX_KEY_LENGTH} characters, without control characters`;

export const Query: QueryResolvers = {
  case: (_, { id }, { loaders }) => loaders.caseById.load(id),

  caseByReference: (_, { reference }, { em }) => {
    if (!isCaseReference(reference)) throw new BadUserInputError(`"reference" must be a case reference such as ${REFERENCE_EXAMPLE}.`);
    return em.findOne(CaseSchema, { reference });
  },

  caseByFirNumber: async (_, { firNumber }, { loaders }) => {
    if (!isWrittenNumber(firNumber)) throw new BadUserInputError(`"firNumber" must be an FIR's number: ${WRITTEN_NUMBER}.`);
    const fir = await loaders.firByNumber.load(firNumber);
    return fir ? loaders.caseById.load(fir.case.id) : null;
  },

  cases: async (_, { filter, orderBy, first, after }, context) =>
    keysetPage(context.em, {
      entity: CaseSchema,
      where: await scopedWhere(context.rowScope('Case'), context.viewer, visibleCases(context), caseWhere(filter)),
      orderBy: orderBy?.field === 'REFERENCE' ? 'reference' : 'reportedAt',
      direction: sortDirection(orderBy),
      first: pageSize(first, CASE_PAGE),
      after,
    }),

  assignedToCase: async (_, { reference }, { em, loaders }) => {
    if (!isWrittenNumber(reference)) {
      throw new BadUserInputError(`"reference" must be a case reference or an FIR's number: ${WRITTEN_NUMBER}.`);
    }
    const found = (await em.findOne(CaseSchema, { reference }, { fields: ['id'] })) ?? (await loaders.firByNumber.load(reference))?.case;
    return found ? loaders.assignedToViewer.load(found.id) : false;
  },

  caseAuditTrail: (_, args, { em }) => auditTrailPage(em, args),

  verifyCaseAuditChain: (_, __, { em }) => verifyAuditChain(em),

  committeeDashboard: (_, args, { metrics }) => dashboardQuery(args, metrics.settings.k),
};

/** The cases a list may show the viewer, by the row condition Case's rule gives their agency. */
const visibleCases = ({ loaders }: CasesContext): RowScopeFilters<Case> => ({
  OWN_CELL: (cellId) => ({ crisisCellId: cellId }),
  SAME_PROVINCE: (province) => ({ province: province as Case['province'] }),
  ASSIGNED: async () => ({ id: { $in: await loaders.casesAssignedToViewer() } }),
});

const sortDirection = (order: CaseOrder | null | undefined) => (order?.direction === 'ASC' ? 'ASC' : 'DESC');

/**
 * CaseFilter as conditions on the case row alone: every filter is a column of
 * `case` (child_survivor and has_fir are copied there for this) with an index
 * that leads with it and continues with the list's order.
 */
export function caseWhere(filter: CaseFilter | null | undefined): FilterQuery<Case> {
  const where: FilterQuery<Case> & Record<string, unknown> = {};
  if (!filter) return where;
  if (filter.province) where.province = filter.province;
  if (filter.district) where.district = filter.district;
  if (filter.crisisCellId) {
    // A malformed id names no cell: match nothing rather than let the uuid column reject it.
    where.crisisCellId = isUuid(filter.crisisCellId) ? filter.crisisCellId : { $in: [] };
  }
  if (filter.status) where.status = { $in: filter.status };
  if (filter.category) where.category = { $in: filter.category };
  const reportedAt: Record<string, Date> = {};
  if (filter.reportedFrom) reportedAt.$gte = new Date(filter.reportedFrom);
  if (filter.reportedBefore) reportedAt.$lt = new Date(filter.reportedBefore);
  if (Object.keys(reportedAt).length > 0) where.reportedAt = reportedAt;
  if (typeof filter.childSurvivor === 'boolean') where.childSurvivor = filter.childSurvivor;
  if (typeof filter.hasFir === 'boolean') where.hasFir = filter.hasFir;
  return where;
}
