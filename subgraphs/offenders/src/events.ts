/**
 * The register's side of the flows (subgraphs/flows.ts, docs/events.md "The
 * flows"), each in the inbox's transaction, once per event, a quash never
 * before its conviction (both are about the Conviction aggregate):
 *
 *   - ConvictionRecorded: the entry with the convict's CNIC gets the
 *     conviction; without one, the entry is made: the province's next register
 *     number, the tier and registration period by the register's rules
 *     (registration-rules.ts, REGISTER_*), the registrant's duties started
 *     (refreshCompliance: the first verification due the tier's months after
 *     registration). The conviction and the event's id go on the entry's
 *     history (register_conviction), which an AUDITOR reads.
 *     A conviction without a CNIC is refused and, after its tries, parked with
 *     that reason: the register identifies a registrant by CNIC and makes no
 *     entry it could not match a later conviction to; once the CNIC is
 *     recorded with the trial's accused, an operator replays it.
 *   - ConvictionQuashed: the conviction's effect ends: the entry's tier and end
 *     follow the convictions that still stand (and what the entry held before
 *     the flows, for an entry they did not make); with none left, the entry is
 *     retired: its registration ends on the day of the quash.
 */
import { randomUUID } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/core';
import { nextGapFreeNumber } from '#storage';
import { type EventEnvelope, events, Outbox } from '#events';
import { pakistanYear, PROVINCE_CODES, type Province, type RiskTier } from '#reference-data';
import { COURTS_CONSUMES, FlowRefusal, type OffenderRegisteredV1, payloadOf, refusedSafely } from '../../flows.ts';
import { type ComplianceSettings, refreshCompliance } from './compliance/index.ts';
import { dayOf } from './compliance/calendar.ts';
import { OffenderSchema } from './entities/offender.entity.ts';
import { type RegisterConviction, RegisterConvictionSchema } from './entities/register-conviction.entity.ts';
import { RegisterNumberCounterSchema } from './entities/register-number-counter.entity.ts';
import { higherTier, placementFor, type RegistrationRules } from './registration-rules.ts';

const CNIC = /^\d{5}-\d{7}-\d$/;

function convictionRecorded(rules: () => RegistrationRules, compliance: () => ComplianceSettings) {
  return async (tx: EntityManager, event: EventEnvelope): Promise<void> => {
    const conviction = payloadOf('ConvictionRecorded', event);
    const { cnic } = conviction.convict;
    if (!cnic)
      throw new FlowRefusal(
        `ConvictionRecorded: conviction ${conviction.convictionId} names no CNIC, by which the register identifies a registrant`,
      );
    if (!CNIC.test(cnic))
      throw new FlowRefusal(`ConvictionRecorded: conviction ${conviction.convictionId} carries a CNIC that is not #####-#######-#`);
    const province = conviction.province as Province;
    if (!PROVINCE_CODES[province])
      throw new FlowRefusal(`ConvictionRecorded: conviction ${conviction.convictionId} names no province of Pakistan`);
    const now = new Date();
    const today = dayOf(now);
    const placement = placementFor(rules(), conviction.offenceSection, conviction.sentence, today);
    let entry = await tx.findOne(OffenderSchema, { cnic }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const createdEntry = !entry;
    const prior = entry ? { riskTier: entry.riskTier, registrationEndsAt: entry.registrationEndsAt } : null;
    if (!entry) {
      entry = tx.create(OffenderSchema, {
        id: randomUUID(),
        registerNumber: await nextRegisterNumber(tx, province, now),
        fullName: conviction.convict.name,
        aliases: [],
        cnic,
        dateOfBirth: null,
        addressLine1: null,
        addressCity: null,
        addressDistrict: null,
        addressProvince: null,
        province,
        district: conviction.district,
        registeredAt: now,
        registrationEndsAt: placement.registrationEndsAt,
        riskTier: placement.riskTier,
        lastVerifiedAt: null,
        nextVerificationDue: today,
        missedDeadline: null,
        missedNotifications: 0,
        abscondedAt: null,
        version: 1,
      });
    } else {
      entry.riskTier = higherTier(entry.riskTier, placement.riskTier);
      if (placement.registrationEndsAt > entry.registrationEndsAt) entry.registrationEndsAt = placement.registrationEndsAt;
      entry.version += 1;
    }
    tx.create(RegisterConvictionSchema, {
      convictionId: conviction.convictionId,
      offender: entry,
      eventId: event.id,
      createdEntry,
      trialId: conviction.trialId,
      caseNumber: conviction.caseNumber,
      offenceSection: conviction.offenceSection,
      convictedAt: new Date(conviction.convictedAt),
      riskTier: placement.riskTier,
      registrationEndsAt: placement.registrationEndsAt,
      priorRiskTier: prior?.riskTier ?? null,
      priorRegistrationEndsAt: prior?.registrationEndsAt ?? null,
      recordedAt: now,
      quashedAt: null,
      quashEventId: null,
    });
    // The registrant's duties: the first in-person verification the tier's months after registration (or as before, for an entry that was there).
    await refreshCompliance(tx, entry, compliance());
    // The court's conviction learns its entry (Conviction.offender), in the same transaction.
    const registered: OffenderRegisteredV1 = {
      schemaVersion: 1,
      convictionId: conviction.convictionId,
      offenderId: entry.id,
      createdEntry,
    };
    await tx.flush();
    await new Outbox({ schema: tx.config.get('schema')!, source: 'offenders' }).writeWithin(tx, [
      { type: 'OffenderRegistered', aggregateType: 'Conviction', aggregateId: conviction.convictionId, payload: { ...registered } },
    ]);
  };
}

function convictionQuashed() {
  return async (tx: EntityManager, event: EventEnvelope): Promise<void> => {
    const quash = payloadOf('ConvictionQuashed', event);
    const held = await tx.findOne(RegisterConvictionSchema, { convictionId: quash.convictionId });
    if (!held) throw new FlowRefusal(`ConvictionQuashed: the register holds no conviction ${quash.convictionId} from the courts' events`);
    if (held.quashedAt) return;
    const entry = await tx.findOne(OffenderSchema, { id: held.offender.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!entry) throw new FlowRefusal(`ConvictionQuashed: no entry ${held.offender.id}`);
    const quashedAt = new Date(quash.quashedAt);
    held.quashedAt = quashedAt;
    held.quashEventId = event.id;
    const all = await tx.find(RegisterConvictionSchema, { offender: entry.id }, { orderBy: { recordedAt: 'ASC' } });
    const standing: { riskTier: RiskTier; registrationEndsAt: string }[] = all.filter(
      (one) => !one.quashedAt && one.convictionId !== held.convictionId,
    );
    // An entry the flows did not make stood on a conviction before them: what it held then still holds.
    const before = all.find((one) => !one.createdEntry) as RegisterConviction | undefined;
    if (!all.some((one) => one.createdEntry) && before?.priorRiskTier && before.priorRegistrationEndsAt) {
      standing.push({ riskTier: before.priorRiskTier, registrationEndsAt: before.priorRegistrationEndsAt });
    }
    if (standing.length === 0) {
      // No conviction left: the entry is retired, its registration ended on the day of the quash.
      const day = dayOf(quashedAt);
      if (day < entry.registrationEndsAt) entry.registrationEndsAt = day;
    } else {
      entry.riskTier = standing.map((one) => one.riskTier).reduce(higherTier);
      // ISO dates: the latest sorts last.
      entry.registrationEndsAt = standing
        .map((one) => one.registrationEndsAt)
        .sort()
        .at(-1)!;
    }
    entry.version += 1;
  };
}

/** The province's next register number for the year (PKT), gap-free: as the courts' case numbers and the cells' references. */
async function nextRegisterNumber(tx: EntityManager, province: Province, now: Date): Promise<string> {
  const code = PROVINCE_CODES[province];
  const year = pakistanYear(now);
  const prefix = `NSOR-${code}-${year}-`;
  const sequence = await nextGapFreeNumber(tx, {
    counter: RegisterNumberCounterSchema,
    codeColumn: 'province_code',
    code,
    year,
    numbered: OffenderSchema,
    numberColumn: 'register_number',
    prefix,
  });
  return `${prefix}${String(sequence).padStart(6, '0')}`;
}

/** The register's events: it consumes the courts' ConvictionRecorded and ConvictionQuashed, and tells the courts which entry a conviction went to (OffenderRegistered). */
export const offendersEvents = (rules: () => RegistrationRules, compliance: () => ComplianceSettings) =>
  events({
    handlers: refusedSafely({ ConvictionRecorded: convictionRecorded(rules, compliance), ConvictionQuashed: convictionQuashed() }),
    consumers: [COURTS_CONSUMES],
  });
