// SYNTHETIC National Sex Offenders Register entries: made-up people, addresses and histories.
// Entries either predate the system (historical) or follow a conviction in the seeded trials.

import {
  ANCHOR_MS,
  DAY_MS,
  HOUR_MS,
  LIFE_REGISTRATION_ENDS,
  YEAR_MS,
  isoDate,
  isoDatePlusYears,
  toMinute,
  uniformInstant,
  yearOf,
} from './clock.ts';
import { DISTRICTS, POLICE_STATIONS, PROVINCE_CODES, districtByCode, type District } from './geography.ts';
import { FAMILY_NAMES, cnicFor, fullName, givenName, type Sex } from './names.ts';
import { rngFor, syntheticUuid, type Rng } from './random.ts';
import { MAX_SUSPECTS_PER_CASE, assertIndex, historicalOffenderCount } from './scale.ts';
import { riskTierFor } from './sentencing.ts';
import type {
  AddressFacts,
  CaseFacts,
  ComplianceFacts,
  ComplianceStatus,
  ConvictionFacts,
  NotificationKind,
  OffenderFacts,
  RegistrantNotificationFacts,
  RiskTier,
} from './facts.ts';

const HISTORICAL_REGISTRATION_FROM_MS = Date.UTC(2015, 0, 1);
const HISTORICAL_REGISTRATION_TO_MS = Date.UTC(2023, 0, 1);
const VERIFICATION_INTERVAL_MS = 365 * DAY_MS;
const MAX_NOTIFICATIONS = 6;

export function historicalOffenderId(historicalIndex: number): string {
  return syntheticUuid('offender', `historical:${historicalIndex}`);
}

export function convictedOffenderId(caseIndex: number, suspectPosition: number): string {
  return syntheticUuid('offender', `case:${caseIndex}:${suspectPosition}`);
}

function registerNumber(district: District, registeredAtMs: number, sequence: number): string {
  return `NSOR-${PROVINCE_CODES[district.province]}-${yearOf(registeredAtMs)}-${String(sequence).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Identity of a historical registrant: cheap, because suspects who reoffend reuse it.

interface HistoricalIdentity {
  historicalIndex: number;
  id: string;
  fullName: string;
  sex: Sex;
  cnic: string;
  dateOfBirth: string;
  district: District;
  registeredAtMs: number;
}

const DISTRICT_WEIGHTS = DISTRICTS.map((district) => [district, district.populationMillions] as const);

export function historicalIdentity(historicalIndex: number): HistoricalIdentity {
  const rng = rngFor('historical-offender', historicalIndex);
  const district = rng.weighted(DISTRICT_WEIGHTS);
  const sex: Sex = rng.chance(0.97) ? 'MALE' : 'FEMALE';
  const registeredAtMs = uniformInstant(rng, HISTORICAL_REGISTRATION_FROM_MS, HISTORICAL_REGISTRATION_TO_MS);
  const ageAtRegistration = rng.int(20, 62);
  return {
    historicalIndex,
    id: historicalOffenderId(historicalIndex),
    fullName: fullName(rng, sex),
    sex,
    cnic: cnicFor({ kind: 'historical-offender', serial: historicalIndex, province: district.province, localCode: district.position, sex }),
    dateOfBirth: isoDate(registeredAtMs - ageAtRegistration * YEAR_MS - rng.int(0, 364) * DAY_MS),
    district,
    registeredAtMs,
  };
}

export function generateHistoricalOffender(scale: number, historicalIndex: number): OffenderFacts {
  assertIndex('historical offender', historicalIndex, historicalOffenderCount(scale));
  const identity = historicalIdentity(historicalIndex);
  const rng = rngFor('historical-offender-record', historicalIndex);
  const riskTier = rng.weighted<RiskTier>([
    ['LOW', 35],
    ['MEDIUM', 40],
    ['HIGH', 25],
  ]);
  const forLife = riskTier === 'HIGH' && rng.chance(0.4);
  const history = communityHistory(rng, {
    entryKey: `historical:${historicalIndex}`,
    fullName: identity.fullName,
    sex: identity.sex,
    district: identity.district,
    liveFromMs: identity.registeredAtMs,
    allowNameChange: true,
  });
  return {
    id: identity.id,
    registerNumber: registerNumber(identity.district, identity.registeredAtMs, historicalIndex + 1),
    fullName: history.fullName,
    aliases: [...history.formerNames, ...aliasesFor(rng, identity.fullName)].slice(0, 2),
    cnic: identity.cnic,
    dateOfBirth: identity.dateOfBirth,
    currentAddress: history.currentAddress,
    province: identity.district.province,
    district: identity.district.name,
    registeredAt: new Date(identity.registeredAtMs),
    registrationEndsAt: registrationEnd(identity.registeredAtMs, riskTier, forLife),
    riskTier,
    notifications: history.notifications,
    compliance: history.compliance,
    source: { kind: 'historical', historicalIndex },
  };
}

/**
 * The entry the register gets when a seeded trial convicts someone new. The caller passes the
 * generated case so that streaming through all cases does not generate each one twice.
 */
export function convictionRegisterEntry(scale: number, facts: CaseFacts, conviction: ConvictionFacts): OffenderFacts {
  const suspect = facts.suspects[conviction.suspectPosition];
  if (!suspect?.cnic) throw new Error(`case ${facts.index}: convicted suspect ${conviction.suspectPosition} has no CNIC`);
  const rng = rngFor('conviction-register-entry', facts.index, conviction.suspectPosition);
  const district = districtByCode(facts.districtCode);
  const convictedMs = conviction.convictedAt.getTime();
  const registeredAtMs = toMinute(Math.min(convictedMs + rng.between(2, 21) * DAY_MS, ANCHOR_MS));
  const { sentence } = conviction;
  const riskTier = riskTierFor(conviction.offenceSection, sentence);
  const releasedAtMs = sentence.imprisonmentYears === null ? Number.POSITIVE_INFINITY : convictedMs + sentence.imprisonmentYears * YEAR_MS;
  const historyInput: HistoryInput = {
    entryKey: `case:${facts.index}:${conviction.suspectPosition}`,
    fullName: suspect.name,
    sex: 'MALE', // only used for a change of name, which conviction entries never make
    district,
    liveFromMs: Math.max(registeredAtMs, releasedAtMs),
    allowNameChange: false, // the entry keeps the name the court convicted
  };
  const history = releasedAtMs < ANCHOR_MS ? communityHistory(rng, historyInput) : custodyHistory(rng, historyInput, registeredAtMs);
  const sequence = historicalOffenderCount(scale) + facts.index * MAX_SUSPECTS_PER_CASE + conviction.suspectPosition + 1;
  return {
    id: conviction.offenderId,
    registerNumber: registerNumber(district, registeredAtMs, sequence),
    fullName: suspect.name,
    aliases: aliasesFor(rng, suspect.name),
    cnic: suspect.cnic,
    dateOfBirth: suspect.dateOfBirth,
    currentAddress: history.currentAddress,
    province: district.province,
    district: district.name,
    registeredAt: new Date(registeredAtMs),
    registrationEndsAt: registrationEnd(registeredAtMs, riskTier, sentence.death || sentence.lifeImprisonment),
    riskTier,
    notifications: history.notifications,
    compliance: history.compliance,
    source: {
      kind: 'conviction',
      caseIndex: facts.index,
      suspectPosition: conviction.suspectPosition,
      convictionId: conviction.id,
    },
  };
}

/** Ten, fifteen or twenty years by risk tier, or for life. */
function registrationEnd(registeredAtMs: number, riskTier: RiskTier, forLife: boolean): string {
  if (forLife) return LIFE_REGISTRATION_ENDS;
  const years = riskTier === 'HIGH' ? 20 : riskTier === 'MEDIUM' ? 15 : 10;
  return isoDatePlusYears(registeredAtMs, years);
}

const NICKNAMES = ['Billa', 'Kaka', 'Pappu', 'Mithu', 'Guddu', 'Bhola', 'Shani', 'Bobby', 'Jimmy', 'Raju', 'Kali', 'Nanha'];

function aliasesFor(rng: Rng, name: string): string[] {
  const count = rng.weighted([
    [0, 70],
    [1, 22],
    [2, 8],
  ]);
  const aliases: string[] = [];
  for (let k = 0; k < count; k++) {
    const [given = name] = name.split(' ');
    aliases.push(rng.chance(0.5) ? `${given} alias ${rng.pick(NICKNAMES)}` : `${given} ${rng.pick(FAMILY_NAMES)}`);
  }
  return [...new Set(aliases)];
}

// ---------------------------------------------------------------------------------------------
// Addresses, notifications and compliance

const NEIGHBOURHOODS: Record<string, readonly string[]> = {
  Karachi: ['Gulshan-e-Iqbal', 'North Karachi', 'Orangi Town', 'Korangi', 'Landhi', 'Malir', 'Nazimabad', 'Lyari'],
  Lahore: ['Samanabad', 'Shahdara', 'Township', 'Green Town', 'Ichhra', 'Harbanspura', 'Bhogiwal'],
  Islamabad: ['G-9/2', 'I-10/4', 'G-7/1', 'F-11/3', 'I-8/2', 'G-11/1', 'G-6/4'],
};

const COMMON_NEIGHBOURHOODS = [
  'Mohalla Islampura',
  'Madina Colony',
  'Satellite Town',
  'Ghousia Colony',
  'Faisal Colony',
  'Rehmanabad',
  'Gulistan Colony',
  'Allama Iqbal Colony',
  'Mohalla Eidgah',
  'New Abadi',
  'Farooq Colony',
  'Gulshan Colony',
];

function homeAddress(rng: Rng, district: District): AddressFacts {
  const neighbourhood = rng.pick(NEIGHBOURHOODS[district.city] ?? COMMON_NEIGHBOURHOODS);
  return {
    line1: `House ${rng.int(1, 480)}, Street ${rng.int(1, 42)}, ${neighbourhood}`,
    city: district.city,
    district: district.name,
    province: district.province,
  };
}

function jailAddress(district: District): AddressFacts {
  return { line1: `District Jail ${district.city}`, city: district.city, district: district.name, province: district.province };
}

interface HistoryInput {
  /** Stable key of the entry, for notification ids. */
  entryKey: string;
  fullName: string;
  sex: Sex;
  district: District;
  /** From when the registrant lives in the community: registration, or release from prison. */
  liveFromMs: number;
  allowNameChange: boolean;
}

interface History {
  fullName: string;
  formerNames: string[];
  currentAddress: AddressFacts;
  notifications: RegistrantNotificationFacts[];
  compliance: ComplianceFacts;
}

/** Someone still serving the sentence: verified yearly in custody, always compliant. */
function custodyHistory(rng: Rng, input: HistoryInput, registeredAtMs: number): History {
  const jail = jailAddress(input.district);
  const notifications: RegistrantNotificationFacts[] = [];
  let lastVerifiedMs = registeredAtMs;
  for (
    let at = registeredAtMs + VERIFICATION_INTERVAL_MS;
    at < ANCHOR_MS && notifications.length < MAX_NOTIFICATIONS;
    at += VERIFICATION_INTERVAL_MS
  ) {
    const verifiedMs = toMinute(at + rng.between(1, 5) * DAY_MS);
    const verified = verifiedMs < ANCHOR_MS;
    if (verified) lastVerifiedMs = verifiedMs;
    notifications.push({
      id: syntheticUuid('register-notification', `${input.entryKey}:${notifications.length}`),
      kind: 'PERIODIC_VERIFICATION',
      submittedAt: new Date(toMinute(at)),
      details: `Verified in custody by the superintendent, ${jail.line1}`,
      verifiedAt: verified ? new Date(verifiedMs) : null,
    });
  }
  return {
    fullName: input.fullName,
    formerNames: [],
    currentAddress: jail,
    notifications,
    compliance: {
      status: 'COMPLIANT',
      lastVerifiedAt: new Date(lastVerifiedMs),
      nextVerificationDue: isoDate(lastVerifiedMs + VERIFICATION_INTERVAL_MS),
      missedNotifications: 0,
    },
  };
}

function complianceStatus(rng: Rng, liveFromMs: number): ComplianceStatus {
  // Somebody free for less than a year cannot be overdue for the yearly verification yet.
  if (ANCHOR_MS - liveFromMs < 400 * DAY_MS) return rng.chance(0.92) ? 'COMPLIANT' : 'NON_COMPLIANT';
  return rng.weighted<ComplianceStatus>([
    ['COMPLIANT', 76],
    ['VERIFICATION_OVERDUE', 13],
    ['NON_COMPLIANT', 8],
    ['ABSCONDED', 3],
  ]);
}

function lastVerificationFor(rng: Rng, status: ComplianceStatus, liveFromMs: number): number {
  const daysAgo =
    status === 'VERIFICATION_OVERDUE'
      ? rng.int(370, 520)
      : status === 'ABSCONDED'
        ? rng.int(400, 1500)
        : status === 'NON_COMPLIANT'
          ? rng.int(30, 480)
          : rng.int(5, 330);
  return toMinute(Math.max(liveFromMs, ANCHOR_MS - daysAgo * DAY_MS - rng.between(0, 8) * HOUR_MS));
}

function missedNotificationsFor(rng: Rng, status: ComplianceStatus): number {
  switch (status) {
    case 'COMPLIANT':
      return 0;
    case 'VERIFICATION_OVERDUE':
      return rng.int(0, 1);
    case 'NON_COMPLIANT':
      return rng.int(1, 3);
    case 'ABSCONDED':
      return rng.int(2, 5);
  }
}

const TRAVEL_PURPOSES = ['a family wedding', 'work', 'medical treatment', 'the funeral of a relative'];
const DESTINATIONS_ABROAD: readonly (readonly [string, string])[] = [
  ['Saudi Arabia', 'Umrah'],
  ['United Arab Emirates', 'work'],
  ['Qatar', 'work'],
  ['Oman', 'work'],
];

function notificationKind(rng: Rng, allowNameChange: boolean): NotificationKind {
  return rng.weighted<NotificationKind>([
    ['PERIODIC_VERIFICATION', 40],
    ['CHANGE_OF_ADDRESS', 22],
    ['DOMESTIC_TRAVEL', 25],
    ['INTERNATIONAL_TRAVEL', 8],
    ['CHANGE_OF_NAME', allowNameChange ? 3 : 0],
  ]);
}

function travelWindow(rng: Rng, submittedMs: number): string {
  const departMs = submittedMs + rng.int(3, 20) * DAY_MS;
  return `from ${isoDate(departMs)} to ${isoDate(departMs + rng.int(3, 30) * DAY_MS)}`;
}

/** What the registrant's notifications have changed so far. */
interface RegistrantState {
  name: string;
  formerNames: string[];
  address: AddressFacts;
}

function notificationDetails(rng: Rng, input: HistoryInput, state: RegistrantState, kind: NotificationKind, submittedMs: number): string {
  switch (kind) {
    case 'CHANGE_OF_ADDRESS':
      state.address = homeAddress(rng, input.district);
      return `Moved to ${state.address.line1}, ${state.address.city}`;
    case 'DOMESTIC_TRAVEL': {
      const destination = rng.pick(DISTRICTS).city;
      const place = destination === input.district.city ? 'another part of the district' : destination;
      return `Travel to ${place} ${travelWindow(rng, submittedMs)} for ${rng.pick(TRAVEL_PURPOSES)}`;
    }
    case 'INTERNATIONAL_TRAVEL': {
      const [country, purpose] = rng.pick(DESTINATIONS_ABROAD);
      return `Travel to ${country} ${travelWindow(rng, submittedMs)} for ${purpose}`;
    }
    case 'CHANGE_OF_NAME': {
      const familyName = state.name.split(' ').at(-1) ?? '';
      state.formerNames.push(state.name);
      state.name = `${givenName(rng, input.sex)} ${familyName}`;
      return `Name changed to ${state.name} by affidavit; NADRA record updated`;
    }
    case 'PERIODIC_VERIFICATION':
      return `Annual verification in person at ${rng.pick(stationsOf(input.district))}`;
  }
}

function stationsOf(district: District): readonly string[] {
  return POLICE_STATIONS.get(district.code) ?? [`PS City ${district.city}`];
}

/**
 * Someone living in the community: notifications between release (or registration) and the
 * last verification, the compliance that follows, and the address the last move left them at.
 */
function communityHistory(rng: Rng, input: HistoryInput): History {
  const status = complianceStatus(rng, input.liveFromMs);
  const lastVerifiedMs = lastVerificationFor(rng, status, input.liveFromMs);
  const state: RegistrantState = { name: input.fullName, formerNames: [], address: homeAddress(rng, input.district) };
  const notifications: RegistrantNotificationFacts[] = [];

  const add = (kind: NotificationKind, submittedMs: number, verifiedMs: number | null) => {
    notifications.push({
      id: syntheticUuid('register-notification', `${input.entryKey}:${notifications.length}`),
      kind,
      submittedAt: new Date(submittedMs),
      details: notificationDetails(rng, input, state, kind, submittedMs),
      verifiedAt: verifiedMs === null || verifiedMs > ANCHOR_MS ? null : new Date(verifiedMs),
    });
  };

  const yearsFree = (lastVerifiedMs - input.liveFromMs) / YEAR_MS;
  const earlierCount = Math.min(MAX_NOTIFICATIONS - 2, rng.int(0, Math.ceil(yearsFree * 1.5)));
  const earlierTimes = Array.from({ length: earlierCount }, () => uniformInstant(rng, input.liveFromMs, lastVerifiedMs));
  for (const submittedMs of earlierTimes.sort((a, b) => a - b)) {
    const verified = rng.chance(0.9);
    add(
      notificationKind(rng, input.allowNameChange),
      submittedMs,
      verified ? toMinute(Math.min(submittedMs + rng.between(1, 14) * DAY_MS, lastVerifiedMs)) : null,
    );
  }
  if (lastVerifiedMs - input.liveFromMs > 30 * DAY_MS) {
    add('PERIODIC_VERIFICATION', toMinute(lastVerifiedMs - rng.between(0, 3) * DAY_MS), lastVerifiedMs);
  }
  if (status === 'COMPLIANT' && rng.chance(0.25)) {
    const submittedMs = uniformInstant(rng, lastVerifiedMs, ANCHOR_MS);
    const verified = rng.chance(0.6);
    add(
      rng.chance(0.7) ? 'DOMESTIC_TRAVEL' : 'INTERNATIONAL_TRAVEL',
      submittedMs,
      verified ? toMinute(submittedMs + rng.between(1, 10) * DAY_MS) : null,
    );
  }

  return {
    fullName: state.name,
    formerNames: state.formerNames,
    currentAddress: state.address,
    notifications,
    compliance: {
      status,
      lastVerifiedAt: new Date(lastVerifiedMs),
      nextVerificationDue: isoDate(lastVerifiedMs + VERIFICATION_INTERVAL_MS),
      missedNotifications: missedNotificationsFor(rng, status),
    },
  };
}
