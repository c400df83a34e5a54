import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COMPLIANCE_STATUSES, PROVINCES, RISK_TIERS } from '#reference-data';

/**
 * An entry on the National Sex Offenders Register, with the registrant's
 * compliance kept on the same row (it is one-to-one with the entry and the
 * register is searched by it).
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
    dateOfBirth: p.date(),
    addressLine1: p.string(),
    addressCity: p.string().length(64),
    addressDistrict: p.string().length(64),
    addressProvince: p.enum(PROVINCES),
    /** Where the entry is kept: the district police (SSOIU) of this district and province supervise it. */
    province: p.enum(PROVINCES),
    district: p.string().length(64),
    registeredAt: p.datetime(),
    /** 2099-12-31 for registration for life. */
    registrationEndsAt: p.date().index(),
    riskTier: p.enum(RISK_TIERS),
    complianceStatus: p.enum(COMPLIANCE_STATUSES),
    lastVerifiedAt: p.datetime().nullable(),
    nextVerificationDue: p.date(),
    missedNotifications: p.integer(),
  },
  // searchRegister filters by one column and pages in (sort key, id) order:
  // each filter leads a composite index that ends in the keyset (the unique
  // index on register_number serves the unfiltered register-number order).
  indexes: [
    { properties: ['registeredAt', 'id'] },
    { properties: ['province', 'registeredAt', 'id'] },
    { properties: ['district', 'registeredAt', 'id'] },
    { properties: ['riskTier', 'registeredAt', 'id'] },
    { properties: ['complianceStatus', 'registeredAt', 'id'] },
    { properties: ['province', 'registerNumber', 'id'] },
    { properties: ['district', 'registerNumber', 'id'] },
  ],
});

export type Offender = InferEntity<typeof OffenderSchema>;
