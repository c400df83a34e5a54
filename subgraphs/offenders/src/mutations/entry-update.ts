import type { EntityManager } from '@mikro-orm/core';
import {
  createMutations,
  type InputChecks,
  invalidTransition,
  lockedById,
  type MutationSteps,
  staleUnlessCurrent,
  type UserError,
  type WrittenSensitive,
} from '#mutation';
import { pakistanDate } from '#reference-data';
import { subgraphTypeDefs } from '#subgraph';
import { type ComplianceSettings, refreshCompliance } from '../compliance/index.ts';
import { type Offender, OffenderSchema } from '../entities/offender.entity.ts';
import { storedEntry } from '../rows.ts';

/** The register's mutations, their rules read from the subgraph's own SDL (the one it serves). */
export const mutations = createMutations(subgraphTypeDefs(new URL('../../schema.graphql', import.meta.url)));

/**
 * What a register mutation needs besides its input and the row: the limits the
 * compliance rules run with (the subgraph's settings, REGISTER_*).
 */
export interface RegisterWrites {
  settings: ComplianceSettings;
}

/** The entry, locked for the rest of the transaction; null when there is none by that id (or it is no id at all). */
export const lockedEntry = (tx: EntityManager, offenderId: string): Promise<Offender | null> => lockedById(tx, OffenderSchema, offenderId);

/**
 * Where an entry stands, as its mutations' state machine reads it: ABSCONDED
 * while the police's finding stands (markAbsconded, until markLocated), else
 * ENDED once its registration has ended (Pakistan's day), else ACTIVE.
 */
export type EntryStatus = 'ACTIVE' | 'ABSCONDED' | 'ENDED';

export function entryStatus(entry: Offender, now: Date): EntryStatus {
  if (entry.abscondedAt) return 'ABSCONDED';
  return entry.registrationEndsAt < pakistanDate(now) ? 'ENDED' : 'ACTIVE';
}

/** The entry's status does not allow the step: names the status it is in. */
export const entryTransition = (status: string, step: string): UserError => invalidTransition(status, step, 'register entry');

/**
 * What the stored entry says of an update before its input is checked
 * against it: STALE_VERSION when the caller read another version, else
 * INVALID_TRANSITION unless the entry is in one of `allowed`.
 */
export function refusedUnless(entry: Offender, expectedVersion: number, allowed: readonly EntryStatus[], step: string): UserError[] {
  const stale = staleUnlessCurrent(entry, expectedVersion);
  if (stale.length > 0) return stale;
  const status = entryStatus(entry, new Date());
  return allowed.includes(status) ? [] : [entryTransition(status, step)];
}

/**
 * The steps every mutation of an entry named by `input.offenderId` shares:
 * NOT_FOUND says "register entry" and names the field; the entry is loaded
 * locked, and authorized as the row conditions read it (SSOIU: its province).
 */
export const ENTRY_STEPS = {
  rowNoun: 'register entry',
  rowField: ['input', 'offenderId'],
  aimedAt: (input: { offenderId: string }) => input.offenderId,
  load: (tx: EntityManager, input: { offenderId: string }) => lockedEntry(tx, input.offenderId),
  storedRow: storedEntry,
} satisfies Partial<MutationSteps<{ offenderId: string }, Offender, unknown>>;

/**
 * A change of an entry's notifications: its compliance (the due dates the
 * register is searched by) recomputed from them, those just created or
 * changed included (the query flushes them first), and its version raised,
 * in the same transaction. Called before the entry's own columns change, so
 * its row is written once, with all of them, when the mutation flushes.
 */
export async function entryChanged(tx: EntityManager, entry: Offender, { settings }: RegisterWrites): Promise<void> {
  await refreshCompliance(tx, entry, settings);
  entry.version += 1;
}

/**
 * A write of the registrant's identity (name, aliases, CNIC, date of birth:
 * `Offender.identity`) or address (`Offender.currentAddress`) is recorded as
 * such on the register's trail, naming the entry, never the values; in the
 * mutation's transaction, beside its own entry.
 */
export const identityWritten = (entry: Offender, what: 'identity' | 'currentAddress'): WrittenSensitive => ({
  field: `Offender.${what}`,
  rowIds: [entry.id],
});

/** A Date input's day, YYYY-MM-DD (the scalar parses it to midnight UTC). */
export const dayOf = (value: string | Date): string => (value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10));

/** The day in Pakistan of an instant given as a DateTime. */
export const pakistanDayOf = (value: string | Date): string => pakistanDate(new Date(value));

/** Adds INVALID_INPUT at `path` when `day` (YYYY-MM-DD) is after today in Pakistan. */
export const dayNotInFuture = (checks: InputChecks, path: string[], day: string): boolean =>
  checks.that(path, day <= pakistanDate(new Date()), 'Must not be in the future.');
