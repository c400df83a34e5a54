import { checkExpectedVersion } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { MutationSteps, UserError } from '#mutation';
import type { Offender } from '../entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';
import type { RecordVerificationInput } from '../generated/resolvers-types.ts';
import { ENTRY_STEPS, entryChanged, type RegisterWrites, refusedUnless } from './entry-update.ts';

/**
 * recordVerification: the police saw the registrant in person. Recorded as
 * the register records every in-person verification, a periodic verification
 * verified when it was made; the next one falls due the risk tier's months
 * after it, and a notification made late before it is dealt with
 * (compliance/rules.ts), in the same transaction. Only while the registration
 * runs and the registrant is not absconded (mark them located first).
 */
export const recordVerification = (writes: RegisterWrites): MutationSteps<RecordVerificationInput, Offender, Offender> => ({
  name: 'recordVerification',
  ...ENTRY_STEPS,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('verifiedAt'), new Date(input.verifiedAt));
    checks.text(at('place'), input.place, 128);
    checks.text(at('officerName'), input.officerName, 128);
  },

  check(entry, input, checks): UserError[] {
    const refused = refusedUnless(entry, input.expectedVersion, ['ACTIVE'], 'recording an in-person verification');
    if (refused.length > 0) return refused;
    const verifiedAt = new Date(input.verifiedAt);
    if (checks.inOrder(['input', 'verifiedAt'], entry.registeredAt, verifiedAt, 'The verification cannot come before the registration.')) {
      checks.inOrder(
        ['input', 'verifiedAt'],
        entry.lastVerifiedAt ?? entry.registeredAt,
        verifiedAt,
        'The verification cannot come before the last one.',
      );
    }
    return [];
  },

  async change(tx, entry, input) {
    const id = randomUUID();
    const verifiedAt = new Date(input.verifiedAt);
    tx.create(RegistrantNotificationSchema, {
      id,
      offender: entry,
      kind: 'PERIODIC_VERIFICATION',
      submittedAt: verifiedAt,
      details: `Periodic verification in person at ${input.place.trim()}, by ${input.officerName.trim()}`,
      occursOn: null,
      verifiedAt,
    });
    await entryChanged(tx, entry, writes);
    return { entity: entry, rowIds: [entry.id, id] };
  },
});
