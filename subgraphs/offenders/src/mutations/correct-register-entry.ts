import { randomUUID } from 'node:crypto';
import { checkExpectedVersion, type MutationSteps, staleUnlessCurrent, userError, type UserError } from '#mutation';
import type { Offender } from '../entities/offender.entity.ts';
import { OffenderSchema } from '../entities/offender.entity.ts';
import { RegisterCorrectionSchema } from '../entities/register-correction.entity.ts';
import type { CorrectRegisterEntryInput } from '../generated/resolvers-types.ts';
import { storedEntry } from '../rows.ts';
import { dayNotInFuture, dayOf, ENTRY_STEPS, identityWritten, lockedEntry, pakistanDayOf } from './entry-update.ts';

const IDENTITY_FIELDS = ['fullName', 'aliases', 'cnic', 'dateOfBirth'] as const;
const MAX_ALIASES = 10;
const EARLIEST_BIRTH = '1900-01-01';

interface EntryToCorrect {
  entry: Offender;
  /** Whether another entry holds the CNIC the input gives (false when it gives none). */
  cnicTaken: boolean;
}

const given = (input: CorrectRegisterEntryInput) => IDENTITY_FIELDS.filter((field) => input[field] !== null && input[field] !== undefined);

/**
 * correctRegisterEntry: the Bureau corrects the identity an entry was
 * registered under (name, aliases, CNIC, date of birth), in any status, with
 * its reason. The correction is kept (who, when, which fields, why: never the
 * values), and the trail records identity written (`Offender.identity`),
 * beside the mutation's own entry.
 */
export const correctRegisterEntry: MutationSteps<CorrectRegisterEntryInput, EntryToCorrect, Offender> = {
  name: 'correctRegisterEntry',
  ...ENTRY_STEPS,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.that(['input'], given(input).length > 0, `Name at least one of ${IDENTITY_FIELDS.join(', ')} to correct.`);
    checks.text(at('fullName'), input.fullName, 128, { required: false });
    if (input.aliases !== null && input.aliases !== undefined) {
      checks.that(
        at('aliases'),
        input.aliases.length <= MAX_ALIASES && input.aliases.every((alias) => alias.trim().length > 0 && alias.trim().length <= 128),
        `0 to ${MAX_ALIASES} aliases, each 1 to 128 characters.`,
      );
    }
    checks.cnic(at('cnic'), input.cnic);
    if (input.dateOfBirth !== null && input.dateOfBirth !== undefined) {
      const born = dayOf(input.dateOfBirth);
      if (dayNotInFuture(checks, at('dateOfBirth'), born))
        checks.that(at('dateOfBirth'), born >= EARLIEST_BIRTH, `Not before ${EARLIEST_BIRTH}.`);
    }
    checks.text(at('reason'), input.reason, 1_000);
  },

  // The entry locked for the rest of the transaction, and whether another entry has the CNIC (a lookup by key).
  async load(tx, input) {
    const entry = await lockedEntry(tx, input.offenderId);
    if (!entry) return null;
    const cnicTaken = input.cnic ? (await tx.count(OffenderSchema, { cnic: input.cnic, id: { $ne: entry.id } })) > 0 : false;
    return { entry, cnicTaken };
  },

  storedRow: ({ entry }) => storedEntry(entry),

  check({ entry, cnicTaken }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(entry, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (cnicTaken) return [userError('CONFLICT', ['input', 'cnic'], 'Another register entry has this CNIC.')];
    if (input.dateOfBirth !== null && input.dateOfBirth !== undefined) {
      checks.that(
        ['input', 'dateOfBirth'],
        dayOf(input.dateOfBirth) < pakistanDayOf(entry.registeredAt),
        'The registrant was born before the registration.',
      );
    }
    return [];
  },

  async change(tx, { entry }, input, viewer) {
    const fields = given(input);
    if (input.fullName) entry.fullName = input.fullName.trim();
    if (input.aliases) entry.aliases = [...new Set(input.aliases.map((alias) => alias.trim()))];
    if (input.cnic) entry.cnic = input.cnic;
    if (input.dateOfBirth) entry.dateOfBirth = dayOf(input.dateOfBirth);
    const id = randomUUID();
    tx.create(RegisterCorrectionSchema, {
      id,
      offender: entry,
      correctedAt: new Date(),
      correctedBy: viewer.sub,
      agency: viewer.agency,
      fields: [...fields],
      reason: input.reason.trim(),
    });
    entry.version += 1;
    return { entity: entry, rowIds: [entry.id, id], written: [identityWritten(entry, 'identity')] };
  },
};
