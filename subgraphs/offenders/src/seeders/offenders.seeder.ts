import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import { registerEntries, type OffenderFacts, type RegistrantNotificationFacts } from '#synthetic-world';
import { OffenderSchema } from '../entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';

/**
 * Fills the register from the synthetic world: every historical entry, then
 * one per conviction of someone not already registered. Streams entry by
 * entry (the world walks every case to find the convictions), writing in
 * multi-row batches, so memory stays flat at any scale.
 */
export class OffendersSeeder extends Seeder<SeedContext> {
  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const started = performance.now();
    const writer = new BatchWriter(em);
    // A generator, so that the loop can wait for each batch to be written.
    for (const entry of registerEntries(scale)) {
      await writer.add(OffenderSchema, offenderRow(entry));
      for (const notification of entry.notifications) {
        await writer.add(RegistrantNotificationSchema, notificationRow(entry.id, notification));
      }
    }
    const rows = await writer.flush();
    logger?.info({ scale, rows, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'register seeded');
  }
}

function offenderRow(entry: OffenderFacts) {
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
    complianceStatus: entry.compliance.status,
    lastVerifiedAt: entry.compliance.lastVerifiedAt,
    nextVerificationDue: entry.compliance.nextVerificationDue,
    missedNotifications: entry.compliance.missedNotifications,
  };
}

function notificationRow(offenderId: string, notification: RegistrantNotificationFacts) {
  return {
    id: notification.id,
    offender: offenderId,
    kind: notification.kind,
    submittedAt: notification.submittedAt,
    details: notification.details,
    verifiedAt: notification.verifiedAt,
  };
}
