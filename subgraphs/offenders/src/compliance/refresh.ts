/**
 * What the register's write path calls once it has recorded an event on an
 * entry (a notification, its verification, a periodic verification, a change
 * of risk tier): the entry's stored dates made to follow the rules again, in
 * the same unit of work, so searches by compliance see the event as soon as it
 * is committed. Absconding is the entry's own column (`abscondedAt`), which
 * markAbsconded and markLocated set and clear; the rules read it as it is.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Offender } from '../entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';
import { complianceRecord, type ComplianceRecord } from './rules.ts';
import type { ComplianceSettings } from './settings.ts';

/**
 * Recomputes the entry's stored compliance from every notification recorded
 * on it (those created in `em` and not yet flushed included: the query flushes
 * them first) and assigns it to the entry; the caller's flush or transaction
 * writes it. Returns what was assigned.
 */
export async function refreshCompliance(em: EntityManager, offender: Offender, settings: ComplianceSettings): Promise<ComplianceRecord> {
  const events = await em.find(RegistrantNotificationSchema, { offender: offender.id });
  const record = complianceRecord(offender, events, settings);
  em.assign(offender, record);
  return record;
}
