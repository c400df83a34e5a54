import type { EntityManager } from '@mikro-orm/core';
import { childrenLoader, rowLoader } from '#storage';
import { OffenderSchema } from './entities/offender.entity.ts';
import { RegistrantNotificationSchema } from './entities/registrant-notification.entity.ts';
import { isCnic, isUuid as isOffenderId } from '#reference-data';

/**
 * Per-request loaders. A key that cannot exist (an id that is not a UUID, a
 * malformed CNIC) is answered null without being sent to the database, so
 * one bad key in an `_entities` batch does not fail the batch's other keys.
 */
export function createOffenderLoaders(em: EntityManager) {
  return {
    offenderById: rowLoader(
      async (ids) => {
        const wellFormed = ids.filter(isOffenderId);
        return wellFormed.length ? em.find(OffenderSchema, { id: { $in: wellFormed } }) : [];
      },
      (offender) => offender.id,
    ),
    offenderByCnic: rowLoader(
      async (cnics) => {
        const wellFormed = cnics.filter(isCnic);
        return wellFormed.length ? em.find(OffenderSchema, { cnic: { $in: wellFormed } }) : [];
      },
      (offender) => offender.cnic,
    ),
    offenderByRegisterNumber: rowLoader(
      (registerNumbers) => em.find(OffenderSchema, { registerNumber: { $in: [...registerNumbers] } }),
      (offender) => offender.registerNumber,
    ),
    notificationsByOffender: childrenLoader(
      (offenderIds) =>
        em.find(
          RegistrantNotificationSchema,
          { offender: { $in: [...offenderIds] } },
          { orderBy: [{ submittedAt: 'ASC' }, { id: 'ASC' }] },
        ),
      (notification) => notification.offender.id,
    ),
  };
}

export type OffenderLoaders = ReturnType<typeof createOffenderLoaders>;
