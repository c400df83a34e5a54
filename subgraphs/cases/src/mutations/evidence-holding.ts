import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '#identity';
import { isUuid } from '#reference-data';
import { CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import type { Case } from '../entities/case.entity.ts';
import { type CustodyTransfer, CustodyTransferSchema } from '../entities/custody-transfer.entity.ts';

/**
 * What the evidence mutations share: whether the caller is the case's
 * assigned officer (the SSOIU's ASSIGNED rule), and an item's chain of
 * custody as stored, its last link saying who holds it now.
 */

/** Whether the caller is the case's assigned SSOIU officer: asked of the database for an SSOIU caller only (one lookup by key). */
export async function assignedOfficer(tx: EntityManager, row: Case, viewer: Viewer): Promise<boolean> {
  if (viewer.agency !== 'SSOIU' || !isUuid(viewer.sub)) return false;
  return (await tx.count(CaseAssignmentSchema, { case: row.id, agency: 'SSOIU', assigneeId: viewer.sub })) > 0;
}

/** The last link of an item's chain of custody (its current holder), or null for an item with no chain. */
export const lastLink = (tx: EntityManager, itemId: string): Promise<CustodyTransfer | null> =>
  tx.findOne(CustodyTransferSchema, { evidenceItem: itemId }, { orderBy: { position: 'DESC' } });

/** Whether the stored chain says the case's crisis cell holds the item: its last link was received by that cell. */
export const cellHolds = (row: Case, last: CustodyTransfer | null): boolean =>
  Boolean(row.crisisCellId) && last?.toCellId === row.crisisCellId;

/** A holder's name as compared and stored: trimmed, inner blanks collapsed. */
export const holderName = (name: string): string => name.trim().replace(/\s+/g, ' ');
