import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { RISK_TIERS } from '#reference-data';
import { OffenderSchema } from './offender.entity.ts';

/**
 * A conviction the register holds an entry for, as the courts' events brought
 * it (ConvictionRecorded, then ConvictionQuashed if an appeal set it aside):
 * the entry's history, naming the conviction and the event by id (an AUDITOR
 * reads it: which conviction, through which event, made or extended the
 * entry). No identity here: the entry holds it.
 */
export const RegisterConvictionSchema = defineEntity({
  name: 'RegisterConviction',
  tableName: 'register_conviction',
  properties: {
    /** The courts' Conviction.id. */
    convictionId: p.uuid().primary(),
    offender: () => p.manyToOne(OffenderSchema).ref().index(),
    /** The ConvictionRecorded event the register applied. */
    eventId: p.uuid().unique(),
    /** Whether this conviction made the entry (rather than being added to an entry that existed). */
    createdEntry: p.boolean(),
    trialId: p.uuid(),
    caseNumber: p.string().length(32),
    offenceSection: p.string().length(64),
    convictedAt: p.datetime(),
    /** The tier and registration end this conviction calls for by the register's rules (REGISTER_*). */
    riskTier: p.enum(RISK_TIERS),
    registrationEndsAt: p.date(),
    /** For a conviction added to an entry that was there: the entry's tier and end before it (what a quash returns to). */
    priorRiskTier: p.enum(RISK_TIERS).nullable(),
    priorRegistrationEndsAt: p.date().nullable(),
    recordedAt: p.datetime(),
    /** When an appeal quashed it, and the ConvictionQuashed event: it no longer holds the registrant on the register. */
    quashedAt: p.datetime().nullable(),
    quashEventId: p.uuid().nullable(),
  },
});

export type RegisterConviction = InferEntity<typeof RegisterConvictionSchema>;
