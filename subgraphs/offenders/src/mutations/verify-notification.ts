import { LockMode } from '@mikro-orm/core';
import { checkExpectedVersion, type MutationSteps, staleUnlessCurrent, userError, type UserError } from '#mutation';
import { isUuid } from '#reference-data';
import type { Offender } from '../entities/offender.entity.ts';
import { type RegistrantNotification, RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';
import type { VerifyNotificationInput } from '../generated/resolvers-types.ts';
import { storedEntry } from '../rows.ts';
import { entryChanged, lockedEntry, type RegisterWrites } from './entry-update.ts';
import type { NotificationRecorded } from './record-notification.ts';

interface NotificationOfEntry {
  notification: RegistrantNotification;
  entry: Offender;
}

/**
 * verifyNotification: the police (or the Bureau) verify a notification on an
 * entry they may touch, once: a second time is INVALID_TRANSITION. A verified
 * periodic verification is an in-person verification, from which the next
 * one falls due; the entry's compliance is refreshed in the same transaction.
 */
export const verifyNotification = (
  writes: RegisterWrites,
): MutationSteps<VerifyNotificationInput, NotificationOfEntry, NotificationRecorded> => ({
  name: 'verifyNotification',
  rowNoun: 'notification',
  rowField: ['input', 'notificationId'],
  aimedAt: (input) => input.notificationId,

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(['input', 'verifiedAt'], new Date(input.verifiedAt));
  },

  // The notification and its entry, both locked for the rest of the transaction (always in that order).
  async load(tx, input) {
    if (!isUuid(input.notificationId)) return null;
    const notification = await tx.findOne(
      RegistrantNotificationSchema,
      { id: input.notificationId.toLowerCase() },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!notification) return null;
    const entry = await lockedEntry(tx, notification.offender.id);
    return entry ? { notification, entry } : null;
  },

  storedRow: ({ entry }) => storedEntry(entry),

  check({ notification, entry }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(entry, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (notification.verifiedAt) {
      return [userError('INVALID_TRANSITION', null, 'A notification in status VERIFIED does not allow verifying it again.')];
    }
    checks.inOrder(
      ['input', 'verifiedAt'],
      notification.submittedAt,
      new Date(input.verifiedAt),
      'The notification cannot be verified before it was made.',
    );
    return [];
  },

  async change(tx, { notification, entry }, input) {
    notification.verifiedAt = new Date(input.verifiedAt);
    await entryChanged(tx, entry, writes);
    return { entity: { offender: entry, notification }, rowIds: [entry.id, notification.id] };
  },
});
