import { checkExpectedVersion } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { MutationSteps, UserError, WrittenSensitive } from '#mutation';
import { DISTRICTS_BY_NAME, type NotificationKind } from '#reference-data';
import { plusDays } from '../compliance/index.ts';
import type { Offender } from '../entities/offender.entity.ts';
import { type RegistrantNotification, RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';
import type { RecordNotificationInput } from '../generated/resolvers-types.ts';
import {
  dayNotInFuture,
  dayOf,
  ENTRY_STEPS,
  entryChanged,
  identityWritten,
  pakistanDayOf,
  type RegisterWrites,
  refusedUnless,
} from './entry-update.ts';

/** Which part of the input each kind of notification carries (a periodic verification, none). */
const PART_OF: Record<NotificationKind, 'changeOfName' | 'changeOfAddress' | 'travel' | null> = {
  CHANGE_OF_NAME: 'changeOfName',
  CHANGE_OF_ADDRESS: 'changeOfAddress',
  DOMESTIC_TRAVEL: 'travel',
  INTERNATIONAL_TRAVEL: 'travel',
  PERIODIC_VERIFICATION: null,
};
const PARTS = ['changeOfName', 'changeOfAddress', 'travel'] as const;
const WORDS: Record<NotificationKind, string> = {
  CHANGE_OF_NAME: 'a change of name',
  CHANGE_OF_ADDRESS: 'a change of address',
  DOMESTIC_TRAVEL: 'travel within Pakistan',
  INTERNATIONAL_TRAVEL: 'travel abroad',
  PERIODIC_VERIFICATION: 'a periodic verification',
};
/** A journey is notified at most this many days ahead, and lasts at most as long. */
const MAX_TRAVEL_DAYS = 366;

export interface NotificationRecorded {
  offender: Offender;
  notification: RegistrantNotification;
}

/**
 * recordNotification: a notification the registrant made, recorded by the
 * police of the entry's province or the Bureau, on an entry whose
 * registration runs. A change of name or address becomes the entry's own
 * (the former name an alias; the entry moves to the new address's district
 * and province, whose police then supervise it), and is recorded on the trail
 * as identity (or the address) written. The compliance rules then judge it,
 * in the same transaction: made after its deadline, it is a missed notification.
 */
export const recordNotification = (writes: RegisterWrites): MutationSteps<RecordNotificationInput, Offender, NotificationRecorded> => ({
  name: 'recordNotification',
  ...ENTRY_STEPS,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('submittedAt'), new Date(input.submittedAt));
    const notifiedOn = pakistanDayOf(input.submittedAt);
    const needed = PART_OF[input.kind];
    for (const part of PARTS) {
      const given = input[part] !== null && input[part] !== undefined;
      if (part === needed) checks.that(at(part), given, `Required for ${WORDS[input.kind]}.`);
      else checks.that(at(part), !given, `Not part of ${WORDS[input.kind]}.`);
    }
    const { changeOfName, changeOfAddress, travel } = input;
    if (needed === 'changeOfName' && changeOfName) {
      checks.text(at('changeOfName', 'newName'), changeOfName.newName, 128);
      const changedOn = dayOf(changeOfName.changedOn);
      if (dayNotInFuture(checks, at('changeOfName', 'changedOn'), changedOn)) {
        checks.that(at('changeOfName', 'changedOn'), changedOn <= notifiedOn, 'The name cannot change after the notification of it.');
      }
    }
    if (needed === 'changeOfAddress' && changeOfAddress) {
      checks.text(at('changeOfAddress', 'line1'), changeOfAddress.line1, 256);
      checks.text(at('changeOfAddress', 'city'), changeOfAddress.city, 64);
      checks.that(
        at('changeOfAddress', 'district'),
        DISTRICTS_BY_NAME.has(changeOfAddress.district),
        'Not a district of Pakistan as the graph names them (e.g. Lahore).',
      );
      const movedOn = dayOf(changeOfAddress.movedOn);
      if (dayNotInFuture(checks, at('changeOfAddress', 'movedOn'), movedOn)) {
        checks.that(at('changeOfAddress', 'movedOn'), movedOn <= notifiedOn, 'The move cannot come after the notification of it.');
      }
    }
    if (needed === 'travel' && travel) {
      if (checks.text(at('travel', 'destination'), travel.destination, 64) && input.kind === 'DOMESTIC_TRAVEL') {
        checks.that(
          at('travel', 'destination'),
          DISTRICTS_BY_NAME.has(travel.destination.trim()),
          'Within Pakistan, a district as the graph names them (e.g. Lahore).',
        );
      }
      // Travel is notified before it: the departure may be in the future, never before the notification.
      const departsOn = dayOf(travel.departsOn);
      const returnsOn = dayOf(travel.returnsOn);
      checks.that(
        at('travel', 'departsOn'),
        departsOn >= notifiedOn && departsOn <= plusDays(notifiedOn, MAX_TRAVEL_DAYS),
        `From the day of the notification to ${MAX_TRAVEL_DAYS} days after it.`,
      );
      checks.that(
        at('travel', 'returnsOn'),
        returnsOn >= departsOn && returnsOn <= plusDays(departsOn, MAX_TRAVEL_DAYS),
        `From the day of departure to ${MAX_TRAVEL_DAYS} days after it.`,
      );
      checks.text(at('travel', 'purpose'), travel.purpose, 256, { required: false });
    }
    checks.text(at('remarks'), input.remarks, 1_000, { required: false });
  },

  check(entry, input, checks): UserError[] {
    const refused = refusedUnless(entry, input.expectedVersion, ['ACTIVE'], 'recording a notification');
    if (refused.length > 0) return refused;
    const at = (...path: string[]) => ['input', ...path];
    const registeredOn = pakistanDayOf(entry.registeredAt);
    checks.inOrder(
      at('submittedAt'),
      entry.registeredAt,
      new Date(input.submittedAt),
      'The notification cannot come before the registration.',
    );
    if (input.changeOfName) {
      checks.that(
        at('changeOfName', 'changedOn'),
        dayOf(input.changeOfName.changedOn) >= registeredOn,
        'The change cannot come before the registration.',
      );
      checks.that(at('changeOfName', 'newName'), input.changeOfName.newName.trim() !== entry.fullName, 'The entry has this name already.');
    }
    if (input.changeOfAddress) {
      checks.that(
        at('changeOfAddress', 'movedOn'),
        dayOf(input.changeOfAddress.movedOn) >= registeredOn,
        'The move cannot come before the registration.',
      );
    }
    return [];
  },

  async change(tx, entry, input) {
    const id = randomUUID();
    const notification = tx.create(RegistrantNotificationSchema, {
      id,
      offender: entry,
      kind: input.kind,
      submittedAt: new Date(input.submittedAt),
      details: detailsOf(input),
      occursOn: occursOnOf(input),
      verifiedAt: null,
    });
    await entryChanged(tx, entry, writes);
    const { changeOfName, changeOfAddress } = input;
    const written: WrittenSensitive[] = [];
    if (changeOfName) {
      const former = entry.fullName;
      entry.fullName = changeOfName.newName.trim();
      entry.aliases = [...new Set([former, ...entry.aliases])].filter((alias) => alias !== entry.fullName);
      written.push(identityWritten(entry, 'identity'));
    }
    if (changeOfAddress) {
      const district = DISTRICTS_BY_NAME.get(changeOfAddress.district)!;
      entry.addressLine1 = changeOfAddress.line1.trim();
      entry.addressCity = changeOfAddress.city.trim();
      entry.addressDistrict = district.name;
      entry.addressProvince = district.province;
      // The police of where the registrant now lives supervise the entry.
      entry.district = district.name;
      entry.province = district.province;
      written.push(identityWritten(entry, 'currentAddress'));
    }
    return { entity: { offender: entry, notification }, rowIds: [entry.id, id], written };
  },
});

/** The day the notification's deadline is counted from: of the change, or of departure; none for a periodic verification. */
function occursOnOf(input: RecordNotificationInput): string | null {
  if (input.changeOfName) return dayOf(input.changeOfName.changedOn);
  if (input.changeOfAddress) return dayOf(input.changeOfAddress.movedOn);
  if (input.travel) return dayOf(input.travel.departsOn);
  return null;
}

/**
 * What the notification says, as the register has always written it. A change
 * of name does not repeat the new name: the details are read under the
 * address's rule, the name only under identity's (a stated purpose, for SSOIU).
 */
function detailsOf(input: RecordNotificationInput): string {
  const { changeOfName, changeOfAddress, travel } = input;
  let details: string;
  if (changeOfName) details = `Change of name, effective ${dayOf(changeOfName.changedOn)}`;
  else if (changeOfAddress) details = `Moved to ${changeOfAddress.line1.trim()}, ${changeOfAddress.city.trim()}`;
  else if (travel) {
    details = `Travel to ${travel.destination.trim()} from ${dayOf(travel.departsOn)} to ${dayOf(travel.returnsOn)}`;
    if (travel.purpose) details += ` for ${travel.purpose.trim()}`;
  } else details = 'Reported for periodic verification';
  return input.remarks ? `${details}. ${input.remarks.trim()}` : details;
}
