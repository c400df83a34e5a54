import { type EntityManager, LockMode } from '@mikro-orm/core';
import { type InputChecks, staleVersion, type UserError } from '#mutation';
import { isUuid } from '#reference-data';
import { type Case, CaseSchema } from '../entities/case.entity.ts';

/** What every mutation of a stored case shares: it names the case by `input.caseId` and the version it read by `input.expectedVersion`. */
const EXPECTED_VERSION = ['input', 'expectedVersion'];

/** The version the caller read: a positive 32-bit integer. */
export const checkExpectedVersion = (checks: InputChecks, expectedVersion: number) =>
  checks.integer(EXPECTED_VERSION, expectedVersion, 1, 2 ** 31 - 1);

/** The case, locked for the rest of the transaction; null when there is none by that id (or it is no id at all). */
export const lockedCase = (tx: EntityManager, caseId: string): Promise<Case | null> =>
  isUuid(caseId) ? tx.findOne(CaseSchema, { id: caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : Promise.resolve(null);

/** STALE_VERSION naming the case's current version, when the caller read another. */
export const staleUnlessCurrent = (row: Case, expectedVersion: number): UserError[] =>
  row.version === expectedVersion ? [] : [staleVersion(EXPECTED_VERSION, row.version)];
