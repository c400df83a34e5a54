import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROVINCES, RISK_TIERS } from '#reference-data';

/**
 * An entry on the National Sex Offenders Register, with the dates the
 * registrant's duties fall due kept on the same row (one-to-one with the
 * entry, and the register is searched by them). The compliance status is not
 * stored: it is those dates judged on the day they are read (src/compliance/).
 */
export const OffenderSchema = defineEntity({
  name: 'Offender',
  tableName: 'offender',
  properties: {
    id: p.uuid().primary(),
    /** e.g. NSOR-PB-2026-000123. */
    registerNumber: p.string().length(32).unique(),
    fullName: p.string(),
    aliases: p.array().$type<string[]>(),
    /** NNNNN-NNNNNNN-N. */
    cnic: p.string().length(15).unique(),
    /** Null for an entry the register made from a conviction (ConvictionRecorded) until NPB records it (correctRegisterEntry). */
    dateOfBirth: p.date().nullable(),
    /** The registrant's address; null for an entry made from a conviction until the registrant's first notification of it. */
    addressLine1: p.string().nullable(),
    addressCity: p.string().length(64).nullable(),
    addressDistrict: p.string().length(64).nullable(),
    addressProvince: p.enum(PROVINCES).nullable(),
    /** Where the entry is kept: the district police (SSOIU) of this district and province supervise it. */
    province: p.enum(PROVINCES),
    district: p.string().length(64),
    registeredAt: p.datetime(),
    /** 2099-12-31 for registration for life. */
    registrationEndsAt: p.date().index(),
    riskTier: p.enum(RISK_TIERS),
    // Kept by refreshCompliance (src/compliance/refresh.ts) whenever an event is recorded on the entry.
    /** The latest in-person verification. */
    lastVerifiedAt: p.datetime().nullable(),
    /** The day by which the next in-person verification is due. */
    nextVerificationDue: p.date(),
    /** The deadline of the earliest notification made late and not yet dealt with by the police in person. */
    missedDeadline: p.date().nullable(),
    /** Notifications made after their deadline, over the whole registration. */
    missedNotifications: p.integer(),
    /** When the police found the registrant had absconded (markAbsconded); null once located (markLocated). */
    abscondedAt: p.datetime().nullable(),
    /** Raised by every change the register's write path makes to the entry (expectedVersion: a stale writer is refused). */
    version: p.integer().default(1),
  },
  // searchRegister filters by one column and pages in (sort key, id) order:
  // each filter leads a composite index that ends in the keyset (the unique
  // index on register_number serves the unfiltered register-number order).
  // A compliance status is range conditions on the due dates and the
  // absconding (compliance/where.ts), each served by its own index; the
  // verification due date also orders a police unit's list of who is due next,
  // in its province or district.
  indexes: [
    { properties: ['registeredAt', 'id'] },
    { properties: ['province', 'registeredAt', 'id'] },
    { properties: ['district', 'registeredAt', 'id'] },
    { properties: ['riskTier', 'registeredAt', 'id'] },
    { properties: ['province', 'registerNumber', 'id'] },
    { properties: ['district', 'registerNumber', 'id'] },
    { properties: ['nextVerificationDue', 'id'] },
    { properties: ['province', 'nextVerificationDue', 'id'] },
    { properties: ['district', 'nextVerificationDue', 'id'] },
    { properties: ['missedDeadline'] },
    { properties: ['abscondedAt'] },
  ],
});

export type Offender = InferEntity<typeof OffenderSchema>;
