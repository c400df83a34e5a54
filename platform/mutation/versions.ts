import { type EntityManager, type EntityName, LockMode } from '@mikro-orm/core';
import { isUuid } from '#reference-data';
import { staleVersion, type UserError } from './user-errors.ts';
import type { InputChecks } from './validation.ts';

/**
 * What every update of a mutable aggregate (a case, a trial, a register
 * entry; DESIGN section 7) shares: it names the row by an id in its input,
 * locks it for the rest of the transaction, and names the version it read by
 * `input.expectedVersion`, refused as STALE_VERSION when the row moved on.
 */
const EXPECTED_VERSION = ['input', 'expectedVersion'];

/** The version the caller read: a positive 32-bit integer. */
export const checkExpectedVersion = (checks: InputChecks, expectedVersion: number) =>
  checks.integer(EXPECTED_VERSION, expectedVersion, 1, 2 ** 31 - 1);

/** STALE_VERSION naming the row's current version, when the caller read another. */
export const staleUnlessCurrent = (row: { version: number }, expectedVersion: number): UserError[] =>
  row.version === expectedVersion ? [] : [staleVersion(EXPECTED_VERSION, row.version)];

/** The row by that id, locked (`SELECT ... FOR UPDATE`) until the transaction ends; null when there is none, or the id is no UUID at all. */
export function lockedById<T extends object>(tx: EntityManager, entity: EntityName<T>, id: string): Promise<T | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return tx.findOne(entity, { id: id.toLowerCase() } as never, { lockMode: LockMode.PESSIMISTIC_WRITE }) as Promise<T | null>;
}
