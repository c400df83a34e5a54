import { randomUUID } from 'node:crypto';
import { checkExpectedVersion, invalidTransition, type MutationSteps, staleUnlessCurrent, type UserError, userError } from '#mutation';
import type { CaseStatus } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { CustodyTransferSchema } from '../entities/custody-transfer.entity.ts';
import { type EvidenceItem, EvidenceItemSchema } from '../entities/evidence-item.entity.ts';
import type { CollectEvidenceInput } from '../generated/resolvers-types.ts';
import { lockedCase } from './case-update.ts';
import { assignedOfficer, holderName } from './evidence-holding.ts';

/** While the crisis cell or the police gather the case: once charged, tried or closed, collection is over. */
const COLLECTION_ALLOWED_IN: ReadonlySet<CaseStatus> = new Set(['REPORTED', 'UNDER_INVESTIGATION']);

/** The first link of every chain recorded through the graph: from the collection to the collector. */
export const COLLECTED = 'Collected';

interface CaseForEvidence {
  case: Case;
  /** Whether the caller is the case's assigned SSOIU officer. */
  assigned: boolean;
  /** Whether another item of the case has the seal number. */
  sealTaken: boolean;
  /** The caller's agency, the collector's: written on the item (collectedBy). */
  agency: 'ARCC' | 'SSOIU';
}

/**
 * collectEvidence: the crisis cell (own cell) or the case's assigned officer
 * records an item of evidence; its chain of custody opens with the
 * collection, the collector its first holder (the cell's, for the cell's
 * staff: the cell then holds it, and may hand it on).
 */
export const collectEvidence: MutationSteps<CollectEvidenceInput, CaseForEvidence, { case: Case; item: EvidenceItem }> = {
  name: 'collectEvidence',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.text(at('description'), input.description, 1_000);
    checks.notInFuture(at('collectedAt'), new Date(input.collectedAt));
    checks.text(at('sealNumber'), input.sealNumber, 64);
    checks.text(at('collectorName'), input.collectorName, 128);
  },

  // The case locked for the rest of the transaction; whether the caller is its officer; whether the seal number is taken in it.
  async load(tx, input, viewer) {
    const found = await lockedCase(tx, input.caseId);
    if (!found) return null;
    return {
      case: found,
      assigned: await assignedOfficer(tx, found, viewer),
      sealTaken: (await tx.count(EvidenceItemSchema, { case: found.id, sealNumber: input.sealNumber.trim() })) > 0,
      agency: viewer.agency === 'ARCC' ? 'ARCC' : 'SSOIU',
    };
  },

  storedRow: ({ case: row, assigned }) => ({
    id: row.id,
    cellId: row.crisisCellId ?? null,
    province: row.province,
    assigned: () => assigned,
  }),

  check({ case: row, sealTaken }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(row, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (!COLLECTION_ALLOWED_IN.has(row.status)) return [invalidTransition(row.status, 'collecting evidence')];
    if (sealTaken) return [userError('CONFLICT', ['input', 'sealNumber'], 'Another item of the case has this seal number.')];
    checks.inOrder(
      ['input', 'collectedAt'],
      row.reportedAt,
      new Date(input.collectedAt),
      'Evidence cannot be collected before the report.',
    );
    return [];
  },

  async change(tx, { case: row, agency }, input) {
    const id = randomUUID();
    const collectedAt = new Date(input.collectedAt);
    const collector = holderName(input.collectorName);
    const item = tx.create(EvidenceItemSchema, {
      id,
      case: row,
      kind: input.kind,
      description: input.description.trim(),
      collectedAt,
      collectedBy: agency,
      labStatus: 'NOT_SENT',
      sealNumber: input.sealNumber.trim(),
      collectorName: collector,
      sealBroken: false,
    });
    tx.create(CustodyTransferSchema, {
      evidenceItem: item,
      position: 0,
      at: collectedAt,
      fromHolder: COLLECTED,
      toHolder: collector,
      sealIntact: true,
      // Collected by the cell's staff, the cell holds it (its own, as the row rule checked): the stored chain says so.
      toCellId: agency === 'ARCC' ? (row.crisisCellId ?? null) : null,
    });
    row.version += 1;
    return { entity: { case: row, item }, rowIds: [row.id, id] };
  },
};
