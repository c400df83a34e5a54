import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { NOTIFICATION_KINDS } from '#reference-data';
import { OffenderSchema } from './offender.entity.ts';

/** A change of name or address, a travel plan or a periodic verification the registrant reported to the police. */
export const RegistrantNotificationSchema = defineEntity({
  name: 'RegistrantNotification',
  tableName: 'registrant_notification',
  properties: {
    id: p.uuid().primary(),
    offender: () => p.manyToOne(OffenderSchema).ref(),
    kind: p.enum(NOTIFICATION_KINDS),
    submittedAt: p.datetime(),
    details: p.text(),
    /**
     * The day the change took effect (name, address) or of departure (travel),
     * from which its deadline is counted; null for a periodic verification, and
     * for notifications recorded before the register asked for it (never late).
     */
    occursOn: p.date().nullable(),
    verifiedAt: p.datetime().nullable(),
  },
  // Serves the per-request loader: all notifications of many entries, each list in time order;
  // and the committee's figures, which read a year of notifications by date.
  indexes: [{ properties: ['offender', 'submittedAt', 'id'] }, { properties: ['submittedAt'] }],
});

export type RegistrantNotification = InferEntity<typeof RegistrantNotificationSchema>;
