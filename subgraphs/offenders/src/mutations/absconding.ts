import { checkExpectedVersion } from '#mutation';
import type { MutationSteps, UserError } from '#mutation';
import type { Offender } from '../entities/offender.entity.ts';
import type { MarkAbscondedInput, MarkLocatedInput } from '../generated/resolvers-types.ts';
import { ENTRY_STEPS, refusedUnless } from './entry-update.ts';

/*
 * The entry's state machine (entry-update.ts, entryStatus):
 *   ACTIVE --markAbsconded--> ABSCONDED --markLocated--> ACTIVE (or ENDED, when the registration ended meanwhile)
 * Any other step is INVALID_TRANSITION naming the state. Absconding is the
 * entry's own column, which the compliance rules read as it is: no dates to
 * refresh, the version alone is raised.
 */

/** markAbsconded: the police found a registrant whose registration runs gone, when they last looked (not before the registration or the last verification). */
export const markAbsconded: MutationSteps<MarkAbscondedInput, Offender, Offender> = {
  name: 'markAbsconded',
  ...ENTRY_STEPS,

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(['input', 'abscondedAt'], new Date(input.abscondedAt));
  },

  check(entry, input, checks): UserError[] {
    const refused = refusedUnless(entry, input.expectedVersion, ['ACTIVE'], 'marking the registrant absconded');
    if (refused.length > 0) return refused;
    checks.inOrder(
      ['input', 'abscondedAt'],
      entry.lastVerifiedAt ?? entry.registeredAt,
      new Date(input.abscondedAt),
      'The registrant was seen (registered or verified) after this.',
    );
    return [];
  },

  async change(_tx, entry, input) {
    entry.abscondedAt = new Date(input.abscondedAt);
    entry.version += 1;
    return { entity: entry, rowIds: [entry.id] };
  },
};

/** markLocated: the police found an absconded registrant; the dates judge their compliance again. */
export const markLocated: MutationSteps<MarkLocatedInput, Offender, Offender> = {
  name: 'markLocated',
  ...ENTRY_STEPS,

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
  },

  check(entry, input): UserError[] {
    return refusedUnless(entry, input.expectedVersion, ['ABSCONDED'], 'marking the registrant located');
  },

  async change(_tx, entry) {
    entry.abscondedAt = null;
    entry.version += 1;
    return { entity: entry, rowIds: [entry.id] };
  },
};
