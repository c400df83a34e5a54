import { auditedField } from '#audit';
import { judged } from '../compliance/index.ts';
import type { OffenderResolvers, RegistrantNotificationResolvers } from '../generated/resolvers-types.ts';
import type { Offender as OffenderRow } from '../mappers.ts';

/** The registrant's identity and address: each value is answered only once its read is on the audit trail, keyed by the entry. */
const sensitive = <TValue>(field: string, read: (offender: OffenderRow) => TValue) =>
  auditedField(`Offender.${field}`, (offender: OffenderRow) => offender.id, read);

export const Offender: OffenderResolvers = {
  // Courts' Conviction.offender refers by id, cases' Suspect.registerEntry by the suspect's
  // CNIC (suspectCnic); each has its own loader, so all references of a request cost one
  // query per key. A suspect who is not on the register has no entry: null.
  __resolveReference: (reference, { loaders }) => {
    if ('id' in reference && reference.id) return loaders.offenderById.load(reference.id.toLowerCase());
    if ('suspectCnic' in reference && reference.suspectCnic) return loaders.offenderByCnic.load(reference.suspectCnic);
    if ('cnic' in reference && reference.cnic) return loaders.offenderByCnic.load(reference.cnic);
    return null;
  },
  fullName: sensitive('fullName', (offender) => offender.fullName),
  aliases: sensitive('aliases', (offender) => offender.aliases),
  cnic: sensitive('cnic', (offender) => offender.cnic),
  // The same value under the key's name, recorded as the read of the CNIC it is.
  suspectCnic: sensitive('cnic', (offender) => offender.cnic),
  dateOfBirth: sensitive('dateOfBirth', (offender) => offender.dateOfBirth ?? null),
  // None yet for an entry made from a conviction, until the registrant notifies it.
  currentAddress: sensitive('currentAddress', (offender) =>
    offender.addressLine1 && offender.addressCity && offender.addressDistrict && offender.addressProvince
      ? { line1: offender.addressLine1, city: offender.addressCity, district: offender.addressDistrict, province: offender.addressProvince }
      : null,
  ),
  notifications: (offender, _, { loaders }) => loaders.notificationsByOffender.load(offender.id),
  // The stored dates judged on the day they are read (compliance/rules.ts).
  compliance: (offender) =>
    judged(
      {
        lastVerifiedAt: offender.lastVerifiedAt ?? null,
        nextVerificationDue: offender.nextVerificationDue,
        missedDeadline: offender.missedDeadline ?? null,
        missedNotifications: offender.missedNotifications,
        registrationEndsAt: offender.registrationEndsAt,
        abscondedAt: offender.abscondedAt ?? null,
      },
      new Date(),
    ),
};

export const RegistrantNotification: RegistrantNotificationResolvers = {
  occursOn: (notification) => notification.occursOn ?? null,
  verifiedAt: (notification) => notification.verifiedAt ?? null,
};
