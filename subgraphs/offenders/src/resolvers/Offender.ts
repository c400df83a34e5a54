import type { OffenderResolvers, RegistrantNotificationResolvers } from '../generated/resolvers-types.ts';

export const Offender: OffenderResolvers = {
  // Courts' Conviction.offender refers by id, cases' Suspect.registerEntry by CNIC;
  // each key has its own loader, so all references of a request cost one query per key.
  __resolveReference: (reference, { loaders }) => {
    if ('id' in reference && reference.id) return loaders.offenderById.load(reference.id.toLowerCase());
    if ('cnic' in reference && reference.cnic) return loaders.offenderByCnic.load(reference.cnic);
    return null;
  },
  currentAddress: (offender) => ({
    line1: offender.addressLine1,
    city: offender.addressCity,
    district: offender.addressDistrict,
    province: offender.addressProvince,
  }),
  notifications: (offender, _, { loaders }) => loaders.notificationsByOffender.load(offender.id),
  compliance: (offender) => ({
    status: offender.complianceStatus,
    lastVerifiedAt: offender.lastVerifiedAt ?? null,
    nextVerificationDue: offender.nextVerificationDue,
    missedNotifications: offender.missedNotifications,
  }),
};

export const RegistrantNotification: RegistrantNotificationResolvers = {
  verifiedAt: (notification) => notification.verifiedAt ?? null,
};
