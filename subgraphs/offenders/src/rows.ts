import type { Ref } from '@mikro-orm/core';
import { INHERITED, type RowSources, type StoredRow } from '#policy';
import type { OffendersContext } from './context.ts';
import type { Offender } from './entities/offender.entity.ts';

/** The stored row behind each row-ruled type of the register: the register entry (its province is where the registrant lives). */
export const offenderRows: RowSources<OffendersContext> = {
  Offender: (offender: Offender) => storedEntry(offender),
  RegistrantNotification: (notification: { offender: Ref<Offender> }, { loaders }) =>
    notification.offender.isInitialized()
      ? storedEntry(notification.offender.unwrap())
      : loaders.offenderById.load(notification.offender.id).then((entry) => (entry ? storedEntry(entry) : null)),
  // Built from the entry's columns and reached only through Offender.currentAddress / Offender.compliance, which carry these types' rules.
  Address: INHERITED,
  Compliance: INHERITED,
};

/** The entry as the row conditions read it: SSOIU reaches the entries of its province. */
export const storedEntry = (offender: Offender): StoredRow => ({ id: offender.id, province: offender.province });
