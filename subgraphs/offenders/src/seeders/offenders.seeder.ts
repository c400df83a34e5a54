import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import { registerEntries, type OffenderFacts, type RegistrantNotificationFacts } from '#synthetic-world';
import { complianceRecord, DEFAULT_COMPLIANCE_SETTINGS, type ComplianceSettings } from '../compliance/index.ts';
import { OffenderSchema } from '../entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';

/**
 * Fills the register from the synthetic world: every historical entry, then
 * one per conviction of someone not already registered. Streams entry by
 * entry (the world walks every case to find the convictions), writing in
 * multi-row batches, so memory stays flat at any scale. Each entry's due
 * dates are computed from its notifications by the rules, under the settings
 * the subgraph runs with, as the write path keeps them.
 */
export class OffendersSeeder extends Seeder<SeedContext> {
  protected readonly settings: ComplianceSettings = DEFAULT_COMPLIANCE_SETTINGS;

  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const started = performance.now();
    const writer = new BatchWriter(em);
    // A generator, so that the loop can wait for each batch to be written.
    for (const entry of registerEntries(scale)) {
      await writer.add(OffenderSchema, offenderRow(entry, this.settings));
      for (const notification of entry.notifications) {
        await writer.add(RegistrantNotificationSchema, notificationRow(entry.id, notification));
      }
    }
    const rows = await writer.flush();
    logger?.info({ scale, rows, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'register seeded');
  }
}

/** The seeder of a subgraph running with these compliance settings. */
export const offendersSeederWith = (settings: ComplianceSettings) =>
  class extends OffendersSeeder {
    protected override readonly settings = settings;
  };

function offenderRow(entry: OffenderFacts, settings: ComplianceSettings) {
  const compliance = complianceRecord(entry, entry.notifications, settings);
  return {
    id: entry.id,
    registerNumber: entry.registerNumber,
    fullName: entry.fullName,
    aliases: entry.aliases,
    cnic: entry.cnic,
    dateOfBirth: entry.dateOfBirth,
    addressLine1: entry.currentAddress.line1,
    addressCity: entry.currentAddress.city,
    addressDistrict: entry.currentAddress.district,
    addressProvince: entry.currentAddress.province,
    province: entry.province,
    district: entry.district,
    registeredAt: entry.registeredAt,
    registrationEndsAt: entry.registrationEndsAt,
    riskTier: entry.riskTier,
    lastVerifiedAt: compliance.lastVerifiedAt,
    nextVerificationDue: compliance.nextVerificationDue,
    missedDeadline: compliance.missedDeadline,
    missedNotifications: compliance.missedNotifications,
    abscondedAt: entry.abscondedAt,
    version: 1,
  };
}

function notificationRow(offenderId: string, notification: RegistrantNotificationFacts) {
  return {
    id: notification.id,
    offender: offenderId,
    kind: notification.kind,
    submittedAt: notification.submittedAt,
    details: notification.details,
    occursOn: notification.occursOn,
    verifiedAt: notification.verifiedAt,
  };
}
