import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import {
  type OffenderFacts,
  type RegisterConvictionFacts,
  type RegistrantNotificationFacts,
  registerRecords,
  syntheticUuid,
} from '#synthetic-world';
import { complianceRecord, DEFAULT_COMPLIANCE_SETTINGS, type ComplianceSettings } from '../compliance/index.ts';
import { dayOf } from '../compliance/calendar.ts';
import { OffenderSchema } from '../entities/offender.entity.ts';
import { RegisterConvictionSchema } from '../entities/register-conviction.entity.ts';
import { RegistrantNotificationSchema } from '../entities/registrant-notification.entity.ts';
import { DEFAULT_REGISTRATION_RULES, placementFor, type RegistrationRules } from '../registration-rules.ts';

/**
 * Fills the register from the synthetic world: every historical entry, then
 * one per conviction of someone not already registered, and each conviction
 * of the seeded trials on the entry's history (register_conviction) as the
 * courts' ConvictionRecorded would have put it there, so that an appeal
 * quashing a seeded conviction ends its effect like any other. Streams record
 * by record (the world walks every case to find the convictions), writing in
 * multi-row batches, so memory stays flat at any scale. Each entry's due
 * dates are computed from its notifications by the rules, under the settings
 * the subgraph runs with, as the write path keeps them.
 */
export class OffendersSeeder extends Seeder<SeedContext> {
  protected readonly settings: ComplianceSettings = DEFAULT_COMPLIANCE_SETTINGS;
  protected readonly rules: RegistrationRules = DEFAULT_REGISTRATION_RULES;

  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const started = performance.now();
    const writer = new BatchWriter(em);
    // A generator, so that the loop can wait for each batch to be written.
    for (const record of registerRecords(scale)) {
      if ('conviction' in record) {
        await writer.add(RegisterConvictionSchema, convictionRow(record.conviction, this.rules));
        continue;
      }
      const { entry } = record;
      await writer.add(OffenderSchema, offenderRow(entry, this.settings));
      for (const notification of entry.notifications) {
        await writer.add(RegistrantNotificationSchema, notificationRow(entry.id, notification));
      }
    }
    const rows = await writer.flush();
    logger?.info({ scale, rows, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'register seeded');
  }
}

/** The seeder of a subgraph running with these compliance settings and registration rules. */
export const offendersSeederWith = (settings: ComplianceSettings, rules: RegistrationRules) =>
  class extends OffendersSeeder {
    protected override readonly settings = settings;
    protected override readonly rules = rules;
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

/**
 * A seeded conviction on its entry's history, as the ConvictionRecorded handler (src/events.ts) writes it. The
 * event's id is one the seed gives it (no outbox holds a seeded event). The tier and end it calls for: for the
 * entry it made, the entry's own (the world placed the entry by it, under the default rules); for a repeat
 * offender's, the rules' from the day it was taken, the historical entry keeping what it had (the world does not
 * raise it), which a quash returns the entry to.
 */
function convictionRow(held: RegisterConvictionFacts, rules: RegistrationRules) {
  const { conviction, entry } = held;
  const placement = held.createdEntry ? entry : placementFor(rules, conviction.offenceSection, conviction.sentence, dayOf(held.recordedAt));
  return {
    convictionId: conviction.id,
    offender: conviction.offenderId,
    eventId: syntheticUuid('conviction-recorded', conviction.id),
    createdEntry: held.createdEntry,
    trialId: held.trialId,
    caseNumber: held.caseNumber,
    offenceSection: conviction.offenceSection,
    convictedAt: conviction.convictedAt,
    riskTier: placement.riskTier,
    registrationEndsAt: placement.registrationEndsAt,
    priorRiskTier: held.createdEntry ? null : entry.riskTier,
    priorRegistrationEndsAt: held.createdEntry ? null : entry.registrationEndsAt,
    recordedAt: held.recordedAt,
    quashedAt: null,
    quashEventId: null,
  };
}
