// SYNTHETIC National Sex Offenders Register entries: made-up people, addresses and histories.
// Entries either predate the system (historical) or follow a conviction in the seeded trials.

import {
  ANCHOR_MS,
  DAY_MS,
  HOUR_MS,
  LIFE_REGISTRATION_ENDS,
  PKT_OFFSET_MS,
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
  const registrationEndsAt = registrationEnd(identity.registeredAtMs, riskTier, forLife);
  const history = communityHistory(rng, {
    entryKey: `historical:${historicalIndex}`,
    fullName: identity.fullName,
    sex: identity.sex,
    district: identity.district,
    riskTier,
    registeredAtMs: identity.registeredAtMs,
    registrationEndsAt,
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
    registrationEndsAt,
    riskTier,
    notifications: history.notifications,
    abscondedAt: history.abscondedAt,
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
  const registrationEndsAt = registrationEnd(registeredAtMs, riskTier, sentence.death || sentence.lifeImprisonment);
  const historyInput: HistoryInput = {
    entryKey: `case:${facts.index}:${conviction.suspectPosition}`,
    fullName: suspect.name,
    sex: 'MALE', // only used for a change of name, which conviction entries never make
    district,
    riskTier,
    registeredAtMs,
    registrationEndsAt,
    liveFromMs: Math.max(registeredAtMs, releasedAtMs),
    allowNameChange: false, // the entry keeps the name the court convicted
  };
  const history = releasedAtMs < ANCHOR_MS ? communityHistory(rng, historyInput) : custodyHistory(rng, historyInput);
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
    registrationEndsAt,
    riskTier,
    notifications: history.notifications,
    abscondedAt: history.abscondedAt,
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
  riskTier: RiskTier;
  registeredAtMs: number;
  /** YYYY-MM-DD: the last day of the registration. */
  registrationEndsAt: string;
  /** From when the registrant lives in the community: registration, or release from prison. */
  liveFromMs: number;
  allowNameChange: boolean;
}

interface History {
  fullName: string;
  formerNames: string[];
  currentAddress: AddressFacts;
  notifications: RegistrantNotificationFacts[];
  abscondedAt: Date | null;
  compliance: ComplianceFacts;
}

// The register's rules at their defaults (the offenders subgraph's compliance settings): each
// history is made to meet them or to break them as its status says, and the subgraph's tests
// check that its rules judge every entry on the anchor as the world meant.
const VERIFICATION_MONTHS: Record<RiskTier, number> = { LOW: 12, MEDIUM: 6, HIGH: 3 };
const CHANGE_NOTICE_DAYS = 3;
const TRAVEL_NOTICE_DAYS = { DOMESTIC_TRAVEL: 7, INTERNATIONAL_TRAVEL: 21 } as const;
const MAX_VERIFICATIONS_IN_COMMUNITY = 3;

/** Fewer days than any `months` calendar months hold: a verification this long ago is not due again yet. */
const shortestDays = (months: number) => 28 * months;
/** More days than any `months` calendar months hold: a verification this long ago is due again. */
const longestDays = (months: number) => 31 * months;

/** The day in Pakistan at an instant, as the register counts days. */
const pktDay = (ms: number) => isoDate(ms + PKT_OFFSET_MS);
const plusDays = (day: string, days: number) => isoDate(Date.parse(day) + days * DAY_MS);

/** An event of a registrant's history, planned before its details are written in time order. */
interface PlannedEvent {
  kind: NotificationKind;
  submittedMs: number;
  occursOn: string | null;
  verifiedMs: number | null;
  /** A periodic verification while in prison. */
  inCustody?: boolean;
}

/**
 * The last in-person verification of someone who is not due again before `untilMs`: from 2 days
 * to a little under the tier's interval before it, and after `fromMs`; null when `fromMs` leaves
 * no room for one.
 */
function lastOnSchedule(rng: Rng, fromMs: number, months: number, untilMs = ANCHOR_MS): number | null {
  const room = Math.floor((untilMs - fromMs) / DAY_MS) - 1;
  if (room < 2) return null;
  return toMinute(untilMs - rng.int(2, Math.min(room, shortestDays(months) - 3)) * DAY_MS - rng.between(0, 8) * HOUR_MS);
}

/** Periodic verifications back from the last one, each a little under the tier's interval before the next, none before `fromMs`. */
function verificationsBack(rng: Rng, lastMs: number, fromMs: number, months: number, max: number, releasedMs: number): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (let at = lastMs; at >= fromMs && events.length < max; at -= rng.int(shortestDays(months) - 20, shortestDays(months)) * DAY_MS) {
    const verifiedMs = toMinute(at);
    events.push({
      kind: 'PERIODIC_VERIFICATION',
      submittedMs: toMinute(verifiedMs - rng.between(0, 6) * HOUR_MS),
      occursOn: null,
      verifiedMs,
      inCustody: verifiedMs < releasedMs,
    });
  }
  return events;
}

/** Someone still serving the sentence: verified in custody at the tier's interval, always compliant. */
function custodyHistory(rng: Rng, input: HistoryInput): History {
  const months = VERIFICATION_MONTHS[input.riskTier];
  const lastMs = lastOnSchedule(rng, input.registeredAtMs, months);
  const planned =
    lastMs === null ? [] : verificationsBack(rng, lastMs, input.registeredAtMs, months, MAX_NOTIFICATIONS, Number.POSITIVE_INFINITY);
  const state: RegistrantState = { name: input.fullName, formerNames: [], address: jailAddress(input.district) };
  return {
    fullName: input.fullName,
    formerNames: [],
    currentAddress: state.address,
    notifications: writtenInOrder(rng, input, state, planned),
    abscondedAt: null,
    compliance: { status: 'COMPLIANT', lastVerifiedAt: lastMs === null ? null : new Date(lastMs) },
  };
}

function complianceStatus(rng: Rng, liveFromMs: number, months: number): ComplianceStatus {
  // Somebody free for less than one interval (and a month) cannot be overdue for a verification yet.
  if ((ANCHOR_MS - liveFromMs) / DAY_MS - longestDays(months) < 30) return rng.chance(0.92) ? 'COMPLIANT' : 'NON_COMPLIANT';
  return rng.weighted<ComplianceStatus>([
    ['COMPLIANT', 76],
    ['VERIFICATION_OVERDUE', 13],
    ['NON_COMPLIANT', 8],
    ['ABSCONDED', 3],
  ]);
}

/** How often a notification made before the last verification was late, by what the registrant's history comes to. */
const LATE_BEFORE: Record<ComplianceStatus, number> = { COMPLIANT: 0.04, VERIFICATION_OVERDUE: 0.1, NON_COMPLIANT: 0.25, ABSCONDED: 0.3 };

const TRAVEL_PURPOSES = ['a family wedding', 'work', 'medical treatment', 'the funeral of a relative'];
const DESTINATIONS_ABROAD: readonly (readonly [string, string])[] = [
  ['Saudi Arabia', 'Umrah'],
  ['United Arab Emirates', 'work'],
  ['Qatar', 'work'],
  ['Oman', 'work'],
];

type ReportedKind = Exclude<NotificationKind, 'PERIODIC_VERIFICATION'>;

function notificationKind(rng: Rng, allowNameChange: boolean): ReportedKind {
  return rng.weighted<ReportedKind>([
    ['CHANGE_OF_ADDRESS', 22],
    ['DOMESTIC_TRAVEL', 25],
    ['INTERNATIONAL_TRAVEL', 8],
    ['CHANGE_OF_NAME', allowNameChange ? 3 : 0],
  ]);
}

/** The day of the change or of departure of a notification made at `submittedMs`, in time or `late` by the default rules. */
function occursOnFor(rng: Rng, kind: ReportedKind, submittedMs: number, late: boolean): string {
  const notifiedOn = pktDay(submittedMs);
  switch (kind) {
    case 'CHANGE_OF_NAME':
    case 'CHANGE_OF_ADDRESS':
      return plusDays(notifiedOn, -(late ? rng.int(CHANGE_NOTICE_DAYS + 1, 40) : rng.int(0, CHANGE_NOTICE_DAYS)));
    case 'DOMESTIC_TRAVEL':
    case 'INTERNATIONAL_TRAVEL': {
      const notice = TRAVEL_NOTICE_DAYS[kind];
      return plusDays(notifiedOn, late ? rng.int(1, notice - 1) : rng.int(notice, notice + 24));
    }
  }
}

/** A change or a journey notified at `submittedMs`, verified by the police some days later (if before the anchor). */
function reported(rng: Rng, kind: ReportedKind, submittedMs: number, late: boolean, verifiedBy?: number): PlannedEvent {
  const verified = rng.chance(verifiedBy === undefined ? 0.6 : 0.9);
  const verifiedMs = toMinute(Math.min(submittedMs + rng.between(1, 14) * DAY_MS, verifiedBy ?? Number.POSITIVE_INFINITY));
  return {
    kind,
    submittedMs,
    occursOn: occursOnFor(rng, kind, submittedMs, late),
    verifiedMs: verified && verifiedMs <= ANCHOR_MS ? verifiedMs : null,
  };
}

/** What the registrant's notifications have changed so far. */
interface RegistrantState {
  name: string;
  formerNames: string[];
  address: AddressFacts;
}

function notificationDetails(rng: Rng, input: HistoryInput, state: RegistrantState, event: PlannedEvent): string {
  const travelWindow = () => `from ${event.occursOn} to ${plusDays(event.occursOn!, rng.int(3, 30))}`;
  switch (event.kind) {
    case 'CHANGE_OF_ADDRESS':
      state.address = homeAddress(rng, input.district);
      return `Moved to ${state.address.line1}, ${state.address.city}`;
    case 'DOMESTIC_TRAVEL': {
      const destination = rng.pick(DISTRICTS).city;
      const place = destination === input.district.city ? 'another part of the district' : destination;
      return `Travel to ${place} ${travelWindow()} for ${rng.pick(TRAVEL_PURPOSES)}`;
    }
    case 'INTERNATIONAL_TRAVEL': {
      const [country, purpose] = rng.pick(DESTINATIONS_ABROAD);
      return `Travel to ${country} ${travelWindow()} for ${purpose}`;
    }
    case 'CHANGE_OF_NAME': {
      const familyName = state.name.split(' ').at(-1) ?? '';
      state.formerNames.push(state.name);
      state.name = `${givenName(rng, input.sex)} ${familyName}`;
      return `Name changed to ${state.name} by affidavit; NADRA record updated`;
    }
    case 'PERIODIC_VERIFICATION':
      return event.inCustody
        ? `Verified in custody by the superintendent, ${jailAddress(input.district).line1}`
        : `Periodic verification in person at ${rng.pick(stationsOf(input.district))}`;
  }
}

function stationsOf(district: District): readonly string[] {
  return POLICE_STATIONS.get(district.code) ?? [`PS City ${district.city}`];
}

/** The planned events as notifications, in time order, each one's details following from those before it. */
function writtenInOrder(rng: Rng, input: HistoryInput, state: RegistrantState, planned: PlannedEvent[]): RegistrantNotificationFacts[] {
  return [...planned]
    .sort((a, b) => a.submittedMs - b.submittedMs)
    .map((event, n) => ({
      id: syntheticUuid('register-notification', `${input.entryKey}:${n}`),
      kind: event.kind,
      submittedAt: new Date(event.submittedMs),
      details: notificationDetails(rng, input, state, event),
      occursOn: event.occursOn,
      verifiedAt: event.verifiedMs === null ? null : new Date(event.verifiedMs),
    }));
}

/**
 * Someone living in the community: first what their history comes to on the anchor (by the
 * default rules), then the verifications and notifications that make it so, and the address
 * the last move left them at. Nothing happens after the registration ends, and an ended
 * registration owes nothing.
 */
function communityHistory(rng: Rng, input: HistoryInput): History {
  const months = VERIFICATION_MONTHS[input.riskTier];
  const ended = input.registrationEndsAt < pktDay(ANCHOR_MS);
  const untilMs = Math.min(ANCHOR_MS, Date.parse(input.registrationEndsAt));
  let status: ComplianceStatus = ended ? 'COMPLIANT' : complianceStatus(rng, input.liveFromMs, months);

  // The last verification: on schedule, or missed `overdueDays` ago for the overdue and the absconded.
  let lastMs: number | null;
  let abscondedMs: number | null = null;
  if (status === 'VERIFICATION_OVERDUE' || status === 'ABSCONDED') {
    const room = Math.floor((ANCHOR_MS - input.liveFromMs) / DAY_MS) - longestDays(months) - 1;
    const overdueDays = status === 'ABSCONDED' ? rng.int(2, Math.min(400, room)) : rng.int(1, Math.min(150, room));
    lastMs = toMinute(ANCHOR_MS - (longestDays(months) + overdueDays) * DAY_MS - rng.between(0, 8) * HOUR_MS);
    if (status === 'ABSCONDED') abscondedMs = toMinute(ANCHOR_MS - rng.int(1, overdueDays - 1) * DAY_MS - rng.between(0, 8) * HOUR_MS);
  } else {
    // Released too recently to have been seen since: last seen in prison.
    lastMs = lastOnSchedule(rng, input.liveFromMs, months, untilMs) ?? lastOnSchedule(rng, input.registeredAtMs, months, input.liveFromMs);
    if (status === 'NON_COMPLIANT' && (lastMs === null || lastMs < input.liveFromMs)) status = 'COMPLIANT';
  }

  const planned =
    lastMs === null ? [] : verificationsBack(rng, lastMs, input.registeredAtMs, months, MAX_VERIFICATIONS_IN_COMMUNITY, input.liveFromMs);
  if (lastMs !== null && lastMs - input.liveFromMs > DAY_MS) {
    // Changes and journeys before the last verification, which dealt with any made late.
    const yearsFree = (lastMs - input.liveFromMs) / YEAR_MS;
    const count = Math.min(MAX_NOTIFICATIONS - 1 - planned.length, rng.int(0, Math.ceil(yearsFree * 1.5)));
    for (let n = 0; n < count; n++) {
      const submittedMs = uniformInstant(rng, input.liveFromMs, lastMs - DAY_MS);
      planned.push(reported(rng, notificationKind(rng, input.allowNameChange), submittedMs, rng.chance(LATE_BEFORE[status]), lastMs));
    }
  }
  // Since the last verification: a journey or a move notified in time, or, for the non-compliant, one notified late.
  const sinceMs = lastMs === null ? input.liveFromMs : lastMs + DAY_MS;
  if (sinceMs < untilMs - HOUR_MS) {
    const submittedMs = uniformInstant(rng, sinceMs, untilMs - HOUR_MS);
    if (status === 'NON_COMPLIANT') {
      planned.push(
        reported(
          rng,
          rng.weighted<ReportedKind>([
            ['CHANGE_OF_ADDRESS', 50],
            ['DOMESTIC_TRAVEL', 30],
            ['INTERNATIONAL_TRAVEL', 20],
          ]),
          submittedMs,
          true,
        ),
      );
    } else if (status !== 'ABSCONDED' && rng.chance(status === 'COMPLIANT' ? 0.25 : 0.2)) {
      planned.push(reported(rng, rng.chance(0.7) ? 'DOMESTIC_TRAVEL' : 'INTERNATIONAL_TRAVEL', submittedMs, false));
    }
  }

  const state: RegistrantState = { name: input.fullName, formerNames: [], address: homeAddress(rng, input.district) };
  const notifications = writtenInOrder(rng, input, state, planned);
  return {
    fullName: state.name,
    formerNames: state.formerNames,
    currentAddress: state.address,
    notifications,
    abscondedAt: abscondedMs === null ? null : new Date(abscondedMs),
    compliance: { status, lastVerifiedAt: lastMs === null ? null : new Date(lastMs) },
  };
}
