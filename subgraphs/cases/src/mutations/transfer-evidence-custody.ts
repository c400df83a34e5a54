import { checkExpectedVersion, type MutationSteps, staleUnlessCurrent, type UserError, userError } from '#mutation';
import { isUuid } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { type CustodyTransfer, CustodyTransferSchema } from '../entities/custody-transfer.entity.ts';
import { type EvidenceItem, EvidenceItemSchema } from '../entities/evidence-item.entity.ts';
import type { TransferEvidenceCustodyInput } from '../generated/resolvers-types.ts';
import { lockedCase } from './case-update.ts';
import { assignedOfficer, cellHolds, holderName, lastLink } from './evidence-holding.ts';

interface ItemForTransfer {
  item: EvidenceItem;
  case: Case;
  /** The last link of the item's chain as stored: who holds it now, since when. */
  last: CustodyTransfer | null;
  /** Whether the caller is the case's assigned SSOIU officer. */
  assigned: boolean;
  /** Whether the caller is crisis cell staff (only they hand an item on within their cell). */
  arcc: boolean;
}

/**
 * transferEvidenceCustody: the next link of an item's chain of custody. The
 * chain stays unbroken: the sender must be the holder its last link names
 * (else CONFLICT naming who holds it: the caller's view of the chain is not
 * the stored one, as a stale version is not the stored version), and time
 * only moves forward. A crisis cell may touch the item only while the stored
 * chain says the cell holds it; the row rule reads that (OWN_CELL against the
 * cell that holds the item), so any other item of its cases answers
 * NOT_FOUND, as a missing one does. A seal found broken flags the item.
 */
export const transferEvidenceCustody: MutationSteps<TransferEvidenceCustodyInput, ItemForTransfer, { case: Case; item: EvidenceItem }> = {
  name: 'transferEvidenceCustody',
  rowNoun: 'evidence item',
  rowField: ['input', 'evidenceItemId'],
  aimedAt: (input) => input.evidenceItemId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.text(at('fromHolder'), input.fromHolder, 128);
    if (checks.text(at('toHolder'), input.toHolder, 128) && input.fromHolder.trim().length > 0) {
      checks.that(at('toHolder'), holderName(input.toHolder) !== holderName(input.fromHolder), 'The receiver is not the sender.');
    }
    checks.notInFuture(at('at'), new Date(input.at));
  },

  // The item; its case locked for the rest of the transaction (every change of the item goes through that lock); the caller's assignment; the chain's last link.
  async load(tx, input, viewer) {
    const item = isUuid(input.evidenceItemId) ? await tx.findOne(EvidenceItemSchema, { id: input.evidenceItemId }) : null;
    if (!item) return null;
    const found = await lockedCase(tx, item.case.id);
    if (!found) return null;
    return {
      item,
      case: found,
      assigned: await assignedOfficer(tx, found, viewer),
      last: await lastLink(tx, item.id),
      arcc: viewer.agency === 'ARCC',
    };
  },

  // OWN_CELL reads the cell that holds the item, as the stored chain says: the case's cell while its last link was received by the cell, none after.
  storedRow: ({ item, case: row, last, assigned }) => ({
    id: item.id,
    cellId: cellHolds(row, last) ? (row.crisisCellId ?? null) : null,
    province: row.province,
    assigned: () => assigned,
  }),

  check({ case: row, last, arcc }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(row, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (!last) return [userError('CONFLICT', ['input', 'evidenceItemId'], 'The item has no chain of custody to continue.')];
    if (holderName(input.fromHolder) !== last.toHolder) {
      return [
        userError(
          'CONFLICT',
          ['input', 'fromHolder'],
          `The item is held by "${last.toHolder}" since ${last.at.toISOString()}: only its holder hands it on, so the chain stays unbroken.`,
        ),
      ];
    }
    if (input.toOwnCell) checks.that(['input', 'toOwnCell'], arcc, "Only a crisis cell's staff hand an item on within their cell.");
    checks.inOrder(['input', 'at'], last.at, new Date(input.at), `A hand-over cannot come before the last one (${last.at.toISOString()}).`);
    return [];
  },

  async change(tx, { item, case: row, last }, input) {
    tx.create(CustodyTransferSchema, {
      evidenceItem: item,
      position: last!.position + 1,
      at: new Date(input.at),
      fromHolder: last!.toHolder,
      toHolder: holderName(input.toHolder),
      sealIntact: input.sealIntact,
      toCellId: input.toOwnCell ? (row.crisisCellId ?? null) : null,
    });
    // Once a seal is found broken, the chain's integrity stays in question.
    if (!input.sealIntact) item.sealBroken = true;
    row.version += 1;
    return { entity: { case: row, item }, rowIds: [row.id, item.id] };
  },
};
