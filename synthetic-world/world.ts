// The SYNTHETIC world the seeders share. Every case, trial and register entry is made up and
// generated from a seeded PRNG keyed by (scale, index), so each subgraph's seeder regenerates
// exactly the same facts for its own database: the cases seeder and the courts seeder agree
// on case #i, and a conviction's offender id is the id of an entry the offenders seeder writes.
//
// The pipeline reproduces the attrition of published figures: most reports never reach a
// charge sheet, trials take well over the statutory 120 days, and well under 5% of reported
// cases end in a conviction.

import { ANCHOR_MS, DAY_MS, HOUR_MS, SEED_ANCHOR, YEAR_MS, isoDate, officeHoursOn, toMinute, uniformInstant, yearOf } from './clock.ts';
import { ONLINE_CATEGORIES, caseId, type CaseContext } from './case-context.ts';
import { makeCounsellingSessions, makeEvidence } from './evidence.ts';
import {
  CRISIS_CELLS_BY_PROVINCE,
  DISTRICTS,
  SUPPORT_ADVISERS_BY_PROVINCE,
  officialsOfDistrict,
  type CrisisCellSite,
  type District,
} from './geography.ts';
import { cnicFor, fullName, mobileNumber, type Sex } from './names.ts';
import { rngFor, scramble24, syntheticUuid, type Rng } from './random.ts';
import { convictionRegisterEntry, generateHistoricalOffender, historicalIdentity } from './register.ts';
import {
  CASES_PER_SCALE,
  HISTORICAL_OFFENDERS_PER_SCALE,
  MAX_SUSPECTS_PER_CASE,
  assertIndex,
  caseCount,
  historicalOffenderCount,
} from './scale.ts';
import { offenceSectionsFor } from './sentencing.ts';
import { staffWithRole } from './staff.ts';
import { makeTrial } from './trial.ts';
import type {
  CaseFacts,
  ConvictionFacts,
  CaseStatus,
  FirFacts,
  InvestigationFacts,
  InvestigationStatus,
  MedicoLegalExamFacts,
  OffenceCategory,
  OffenderFacts,
  SuspectFacts,
  SuspectStatus,
  SurvivorFacts,
  TrialFacts,
} from './facts.ts';

export { SEED_ANCHOR, CASES_PER_SCALE, HISTORICAL_OFFENDERS_PER_SCALE, caseCount, historicalOffenderCount };
export { generateHistoricalOffender };
export { generateCellStaff } from './staff.ts';
export { caseId };

const REPORTING_FROM_MS = Date.UTC(2022, 0, 1);
const REPEAT_OFFENDER_SHARE = 0.03;

export function generateCase(scale: number, index: number): CaseFacts {
  assertIndex('case', index, caseCount(scale));
  const rng = rngFor('case', index);
  const reportedMs = uniformInstant(rng, REPORTING_FROM_MS, ANCHOR_MS);
  const district = rng.weighted(DISTRICT_WEIGHTS);
  const cell = rng.chance(0.9) ? rng.pick(nearbyCells(district)) : null;
  const child = rng.chance(0.4);
  const category = rng.weighted(child ? CHILD_CATEGORY_WEIGHTS : ADULT_CATEGORY_WEIGHTS);
  const ctx: CaseContext = {
    rng,
    scale,
    index,
    reportedMs,
    district,
    cell,
    category,
    child,
    sections: offenceSectionsFor(category, child),
  };

  const survivor = makeSurvivor(ctx);
  const medicoLegalExam = makeMedicoLegalExam(ctx);
  const fir = makeFir(ctx);
  const investigation = fir ? makeInvestigation(ctx, fir) : null;
  const suspects = makeSuspects(ctx, investigation);
  const trial = investigation?.chargeSheetFiledAt ? makeTrial(ctx, investigation.chargeSheetFiledAt, suspects, medicoLegalExam) : null;
  const evidence = makeEvidence(ctx, medicoLegalExam, fir);
  const counsellingSessions = makeCounsellingSessions(ctx);
  const advisers = SUPPORT_ADVISERS_BY_PROVINCE.get(district.province) ?? [];
  const supportAdviserId = rng.chance(0.7) && advisers.length > 0 ? rng.pick(advisers).id : null;

  return {
    index,
    id: caseId(index),
    reference: caseReference(ctx),
    reportedAt: new Date(reportedMs),
    category,
    offenceSections: ctx.sections,
    status: caseStatus(fir, investigation, trial),
    province: district.province,
    district: district.name,
    districtCode: district.code,
    crisisCellId: cell?.id ?? null,
    survivor,
    medicoLegalExam,
    evidence,
    counsellingSessions,
    fir,
    investigation,
    suspects,
    supportAdviserId,
    trial,
  };
}

/** Cases `from` (inclusive) to `to` (exclusive), generated one at a time. */
export function* generateCases(scale: number, from = 0, to = caseCount(scale)): Generator<CaseFacts> {
  for (let index = from; index < to; index++) yield generateCase(scale, index);
}

function caseStatus(fir: FirFacts | null, investigation: InvestigationFacts | null, trial: TrialFacts | null): CaseStatus {
  if (trial?.verdict) return 'DECIDED';
  if (trial) return 'ON_TRIAL';
  if (!fir || !investigation) return 'REPORTED';
  switch (investigation.status) {
    case 'CHARGE_SHEET_FILED':
      return 'CHARGE_SHEET_FILED';
    case 'OPEN':
      return 'UNDER_INVESTIGATION';
    case 'CLOSED_UNTRACED':
    case 'CLOSED_INSUFFICIENT_EVIDENCE':
      return 'CLOSED_WITHOUT_TRIAL';
  }
}

/** ARCC-LHR1-2025-004211 for a crisis-cell case, PS-SKP-2025-004212 for a police-station one. */
function caseReference(ctx: CaseContext): string {
  const origin = ctx.cell ? `ARCC-${ctx.cell.code}` : `PS-${ctx.district.code}`;
  return `${origin}-${yearOf(ctx.reportedMs)}-${String(ctx.index + 1).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Where and what

const DISTRICT_WEIGHTS = DISTRICTS.map((district) => [district, district.populationMillions] as const);

const nearbyCellsCache = new Map<string, readonly CrisisCellSite[]>();

/** The cells a survivor from the district would reach: the district's or city's own, else the province's. */
function nearbyCells(district: District): readonly CrisisCellSite[] {
  let cells = nearbyCellsCache.get(district.code);
  if (!cells) {
    const provinceCells = CRISIS_CELLS_BY_PROVINCE.get(district.province) ?? [];
    const local = provinceCells.filter((cell) => cell.districtCode === district.code || cell.city === district.city);
    cells = local.length > 0 ? local : provinceCells;
    if (cells.length === 0) throw new Error(`no crisis cell serves ${district.name}`);
    nearbyCellsCache.set(district.code, cells);
  }
  return cells;
}

const CHILD_CATEGORY_WEIGHTS: readonly (readonly [OffenceCategory, number])[] = [
  ['RAPE', 30],
  ['CHILD_SEXUAL_ABUSE', 35],
  ['UNNATURAL_OFFENCE', 18],
  ['GANG_RAPE', 5],
  ['CHILD_PORNOGRAPHY', 6],
  ['TRAFFICKING_FOR_SEXUAL_EXPLOITATION', 3],
  ['SEXUAL_ABUSE', 3],
];

const ADULT_CATEGORY_WEIGHTS: readonly (readonly [OffenceCategory, number])[] = [
  ['RAPE', 62],
  ['GANG_RAPE', 10],
  ['SEXUAL_ABUSE', 8],
  ['UNNATURAL_OFFENCE', 4],
  ['ONLINE_SEXUAL_HARASSMENT', 11],
  ['TRAFFICKING_FOR_SEXUAL_EXPLOITATION', 5],
];

// ---------------------------------------------------------------------------------------------
// Survivor

function survivorSex(ctx: CaseContext): Sex {
  const maleShare: Partial<Record<OffenceCategory, number>> = {
    UNNATURAL_OFFENCE: ctx.child ? 0.85 : 0.6,
    CHILD_SEXUAL_ABUSE: 0.4,
    CHILD_PORNOGRAPHY: 0.3,
    TRAFFICKING_FOR_SEXUAL_EXPLOITATION: 0.1,
    ONLINE_SEXUAL_HARASSMENT: 0.1,
  };
  return ctx.rng.chance(maleShare[ctx.category] ?? 0) ? 'MALE' : 'FEMALE';
}

function survivorAge(ctx: CaseContext): number | null {
  const { rng } = ctx;
  if (rng.chance(0.03)) return null; // not recorded
  if (ctx.child) return 17 - Math.floor(14 * rng.next() ** 1.5); // 4-17, mostly teenagers
  return Math.min(75, 18 + Math.floor(rng.logNormal(6, 18)));
}

function makeSurvivor(ctx: CaseContext): SurvivorFacts {
  const { rng, district } = ctx;
  const sex = survivorSex(ctx);
  const hasCnic = rng.chance(ctx.child ? 0.25 : 0.85); // a child's is the B-Form number
  return {
    pseudonym: `Survivor-${district.code}-${scramble24(ctx.index).toString(16).toUpperCase().padStart(6, '0')}`,
    fullName: fullName(rng, sex),
    cnic: hasCnic ? cnicFor({ kind: 'survivor', serial: ctx.index, province: district.province, localCode: district.position, sex }) : null,
    contactPhone: rng.chance(0.92) ? mobileNumber(rng) : null,
    ageAtIncident: survivorAge(ctx),
    child: ctx.child,
  };
}

// ---------------------------------------------------------------------------------------------
// Medico-legal examination

const EXAM_LIKELIHOOD: Record<OffenceCategory, number> = {
  RAPE: 0.9,
  GANG_RAPE: 0.92,
  CHILD_SEXUAL_ABUSE: 0.85,
  UNNATURAL_OFFENCE: 0.88,
  SEXUAL_ABUSE: 0.8,
  CHILD_PORNOGRAPHY: 0.2,
  TRAFFICKING_FOR_SEXUAL_EXPLOITATION: 0.6,
  ONLINE_SEXUAL_HARASSMENT: 0.05,
};

const FINDINGS_TIMELY = [
  'Examination conducted with informed consent in the presence of a female attendant. Samples collected and sealed for forensic analysis; findings recorded in the medico-legal certificate.',
  'Findings consistent with the history given. Swabs and clothing sealed and handed over under chain of custody. Treatment provided and counselling offered.',
  'Examination completed and findings documented in the medico-legal certificate. Samples sealed for DNA analysis. Referred for psychological support.',
];
const FINDINGS_CHILD =
  'Examination of a minor conducted with the consent of the guardian, in the presence of a female attendant. Findings recorded in the medico-legal certificate; samples sealed.';
const FINDINGS_LATE = [
  'Examination more than 72 hours after the incident; no fresh findings recorded. Opinion reserved pending the forensic report.',
  'Delayed examination; findings documented in the medico-legal certificate. Samples of limited value; treatment and counselling provided.',
];
const FINDINGS_NO_SAMPLES =
  'Examination conducted with consent; no samples taken, the survivor having declined the internal examination. Treatment provided.';

function findingsSummary(ctx: CaseContext, hours: number, dnaSamplesTaken: boolean): string {
  if (!dnaSamplesTaken && hours <= 72) return FINDINGS_NO_SAMPLES;
  if (hours > 72) return ctx.rng.pick(FINDINGS_LATE);
  if (ctx.child) return FINDINGS_CHILD;
  return ctx.rng.pick(FINDINGS_TIMELY);
}

function examinerName(ctx: CaseContext): string {
  const { rng, cell } = ctx;
  if (cell) return rng.pick(staffWithRole(cell, 'MEDICO_LEGAL_OFFICER')).name;
  return `Dr ${fullName(rng, 'FEMALE')}, Women Medical Officer, DHQ Hospital ${ctx.district.city}`;
}

function makeMedicoLegalExam(ctx: CaseContext): MedicoLegalExamFacts | null {
  const { rng } = ctx;
  if (!rng.chance(EXAM_LIKELIHOOD[ctx.category])) return null;
  const hours = Math.min(30 * 24, Math.max(0.5, rng.logNormal(5, 30)));
  const examinedMs = toMinute(ctx.reportedMs + hours * HOUR_MS);
  if (examinedMs > ANCHOR_MS) return null; // not examined yet
  const dnaSamplesTaken = !ONLINE_CATEGORIES.has(ctx.category) && rng.chance(hours <= 72 ? 0.85 : 0.35);
  return {
    examinedAt: new Date(examinedMs),
    hoursAfterReport: Math.round(((examinedMs - ctx.reportedMs) / HOUR_MS) * 10) / 10,
    examinerName: examinerName(ctx),
    dnaSamplesTaken,
    forensicReportAt: dnaSamplesTaken ? forensicReportTime(rng, examinedMs) : null,
    findingsSummary: findingsSummary(ctx, hours, dnaSamplesTaken),
  };
}

/** Laboratories take weeks to months; one report in ten never comes back. */
function forensicReportTime(rng: Rng, examinedMs: number): Date | null {
  if (rng.chance(0.1)) return null;
  const reportMs = toMinute(examinedMs + Math.max(3, rng.logNormal(30, 120)) * DAY_MS);
  return reportMs <= ANCHOR_MS ? new Date(reportMs) : null;
}

// ---------------------------------------------------------------------------------------------
// FIR, investigation and suspects

function makeFir(ctx: CaseContext): FirFacts | null {
  const { rng, cell } = ctx;
  // A case that began at a police station nearly always gets its FIR there.
  if (!rng.chance(cell ? 0.62 : 0.9)) return null;
  const delayDays = cell ? Math.min(10, rng.logNormal(1, 6)) : rng.between(0, 2);
  const registeredMs = toMinute(ctx.reportedMs + delayDays * DAY_MS);
  if (registeredMs > ANCHOR_MS) return null;
  const station = rng.pick(officialsOfDistrict(ctx.district.code).policeStations);
  return {
    number: `FIR-${String(ctx.index + 1).padStart(4, '0')}/${yearOf(registeredMs)}-${station}`,
    registeredAt: new Date(registeredMs),
    policeStation: station,
    district: ctx.district.name,
    sections: [...ctx.sections],
  };
}

function makeInvestigation(ctx: CaseContext, fir: FirFacts): InvestigationFacts {
  const { rng } = ctx;
  const officials = officialsOfDistrict(ctx.district.code);
  const officer = rng.pick(officials.officers);
  const firMs = fir.registeredAt.getTime();
  const openedMs = toMinute(Math.min(ANCHOR_MS, firMs + rng.between(0, 24) * HOUR_MS));
  let status: InvestigationStatus = 'OPEN';
  let chargeSheetMs: number | null = null;
  if (rng.chance(0.55)) {
    const plannedMs = officeHoursOn(rng, firMs + Math.min(120, Math.max(14, rng.logNormal(45, 100))) * DAY_MS);
    if (plannedMs < ANCHOR_MS) {
      status = 'CHARGE_SHEET_FILED';
      chargeSheetMs = plannedMs;
    }
  } else if (firMs + rng.logNormal(150, 400) * DAY_MS < ANCHOR_MS) {
    status = rng.chance(0.4) ? 'CLOSED_UNTRACED' : 'CLOSED_INSUFFICIENT_EVIDENCE';
  }
  return {
    unitId: officials.unit.id,
    unitName: officials.unit.name,
    investigatingOfficerId: officer.id,
    investigatingOfficer: officer.name,
    openedAt: new Date(openedMs),
    status,
    chargeSheetFiledAt: chargeSheetMs === null ? null : new Date(chargeSheetMs),
  };
}

/** How many people are suspected, given how far the investigation got. */
function suspectCount(ctx: CaseContext, investigation: InvestigationFacts | null): number {
  const { rng } = ctx;
  const gang = ctx.category === 'GANG_RAPE';
  switch (investigation?.status) {
    case undefined:
      return rng.chance(0.4) ? 1 : 0;
    case 'CHARGE_SHEET_FILED':
      return gang || rng.chance(0.15) ? 2 : 1;
    case 'OPEN':
      return gang
        ? rng.int(1, 2)
        : rng.weighted([
            [0, 25],
            [1, 60],
            [2, 15],
          ]);
    case 'CLOSED_UNTRACED':
      return rng.chance(0.3) ? 1 : 0;
    case 'CLOSED_INSUFFICIENT_EVIDENCE':
      return rng.chance(0.2) ? 2 : 1;
  }
}

interface SuspectIdentity {
  name: string;
  cnic: string | null;
  dateOfBirth: string;
  repeatOffenderIndex: number | null;
}

/**
 * A registered offender suspected again, or null. The historical entry must predate the
 * report and must not already be the case's other suspect.
 */
function repeatOffenderIdentity(ctx: CaseContext, taken: readonly SuspectFacts[]): SuspectIdentity | null {
  const historicalIndex = ctx.rng.int(0, historicalOffenderCount(ctx.scale) - 1);
  const identity = historicalIdentity(historicalIndex);
  if (identity.registeredAtMs >= ctx.reportedMs) return null;
  if (taken.some((suspect) => suspect.repeatOffenderIndex === historicalIndex)) return null;
  return { name: identity.fullName, cnic: identity.cnic, dateOfBirth: identity.dateOfBirth, repeatOffenderIndex: historicalIndex };
}

function newSuspectIdentity(ctx: CaseContext, position: number, cnicKnown: boolean): SuspectIdentity {
  const { rng, district } = ctx;
  const sex: Sex = rng.chance(0.97) ? 'MALE' : 'FEMALE';
  const age = Math.min(70, 18 + Math.floor(rng.logNormal(12, 28)));
  const serial = ctx.index * MAX_SUSPECTS_PER_CASE + position;
  return {
    name: fullName(rng, sex),
    cnic: cnicKnown ? cnicFor({ kind: 'suspect', serial, province: district.province, localCode: district.position, sex }) : null,
    dateOfBirth: isoDate(ctx.reportedMs - age * YEAR_MS - rng.int(0, 364) * DAY_MS),
    repeatOffenderIndex: null,
  };
}

interface SuspectStanding {
  status: SuspectStatus;
  arrestedMs: number | null;
  accused: boolean;
  /** Police know who the suspect is (accused always: the charge sheet names them). */
  identified: boolean;
}

function suspectStanding(ctx: CaseContext, investigation: InvestigationFacts | null, position: number): SuspectStanding {
  const { rng } = ctx;
  const between = (fromMs: number, toMs: number) => uniformInstant(rng, fromMs, toMs);
  if (!investigation) return { status: 'AT_LARGE', arrestedMs: null, accused: false, identified: rng.chance(0.3) };
  const openedMs = investigation.openedAt.getTime();
  switch (investigation.status) {
    case 'CHARGE_SHEET_FILED': {
      const chargeSheetMs = investigation.chargeSheetFiledAt?.getTime() ?? openedMs;
      const accused = position === 0 || rng.chance(ctx.category === 'GANG_RAPE' ? 0.9 : 0.8);
      if (!accused)
        return { status: 'DISCHARGED', arrestedMs: rng.chance(0.5) ? between(openedMs, chargeSheetMs) : null, accused, identified: true };
      return { status: 'CHARGED', arrestedMs: rng.chance(0.9) ? between(openedMs, chargeSheetMs) : null, accused, identified: true };
    }
    case 'OPEN': {
      const status = rng.weighted<SuspectStatus>([
        ['AT_LARGE', 40],
        ['ARRESTED', 35],
        ['ON_BAIL', 25],
      ]);
      const arrestedMs = status === 'AT_LARGE' ? null : between(openedMs, ANCHOR_MS);
      return { status, arrestedMs, accused: false, identified: rng.chance(0.75) };
    }
    case 'CLOSED_UNTRACED':
      return { status: 'AT_LARGE', arrestedMs: null, accused: false, identified: rng.chance(0.2) };
    case 'CLOSED_INSUFFICIENT_EVIDENCE':
      return {
        status: 'DISCHARGED',
        arrestedMs: rng.chance(0.6) ? between(openedMs, ANCHOR_MS) : null,
        accused: false,
        identified: rng.chance(0.8),
      };
  }
}

function makeSuspects(ctx: CaseContext, investigation: InvestigationFacts | null): SuspectFacts[] {
  const suspects: SuspectFacts[] = [];
  const count = suspectCount(ctx, investigation);
  for (let position = 0; position < count; position++) {
    const standing = suspectStanding(ctx, investigation, position);
    const repeat = ctx.rng.chance(REPEAT_OFFENDER_SHARE) ? repeatOffenderIdentity(ctx, suspects) : null;
    const identity = repeat ?? newSuspectIdentity(ctx, position, standing.identified);
    suspects.push({
      id: syntheticUuid('suspect', `${ctx.index}:${position}`),
      position,
      name: identity.name,
      cnic: identity.cnic,
      status: standing.status,
      arrestedAt: standing.arrestedMs === null ? null : new Date(standing.arrestedMs),
      dateOfBirth: identity.dateOfBirth,
      accused: standing.accused,
      repeatOffenderIndex: identity.repeatOffenderIndex,
    });
  }
  return suspects;
}

// ---------------------------------------------------------------------------------------------
// The register as the world sees it

/**
 * A conviction of the seeded trials as the register holds it, as the courts'
 * ConvictionRecorded would have brought it: on the entry it made (someone
 * convicted for the first time), or on the historical entry a repeat offender
 * already had.
 */
export interface RegisterConvictionFacts {
  conviction: ConvictionFacts;
  trialId: string;
  caseNumber: string;
  /** Whether the conviction made its entry (else it was added to the repeat offender's historical entry). */
  createdEntry: boolean;
  /** The entry's tier and end as the world has them: the entry it made, or the historical one, as before the conviction (the world does not raise it). */
  entry: Pick<OffenderFacts, 'riskTier' | 'registrationEndsAt'>;
  /** When the register took it: the registration of the entry it made, else the conviction. */
  recordedAt: Date;
}

/** What the register holds, in the order a seed writes it: an entry, or a conviction on an entry written before it. */
export type RegisterRecord = { entry: OffenderFacts } | { conviction: RegisterConvictionFacts };

/**
 * The register of the world: the historical entries, then, in case order,
 * each conviction of the seeded trials, after the entry it made for someone
 * not already registered. Streams through the cases, so it runs at any scale.
 */
export function* registerRecords(scale: number): Generator<RegisterRecord> {
  const historical = historicalOffenderCount(scale);
  for (let index = 0; index < historical; index++) yield { entry: generateHistoricalOffender(scale, index) };
  const cases = caseCount(scale);
  for (let index = 0; index < cases; index++) {
    const facts = generateCase(scale, index);
    const trial = facts.trial;
    for (const conviction of trial?.verdict?.convictions ?? []) {
      const convict = facts.suspects[conviction.suspectPosition];
      if (!convict) continue;
      const on = { conviction, trialId: trial!.id, caseNumber: trial!.caseNumber };
      if (convict.repeatOffenderIndex === null) {
        const entry = convictionRegisterEntry(scale, facts, conviction);
        yield { entry };
        yield { conviction: { ...on, createdEntry: true, entry, recordedAt: entry.registeredAt } };
      } else {
        const entry = generateHistoricalOffender(scale, convict.repeatOffenderIndex);
        yield { conviction: { ...on, createdEntry: false, entry, recordedAt: conviction.convictedAt } };
      }
    }
  }
}

/** Every register entry of the world: the historical ones, then one per conviction of someone not already registered, in case order. */
export function* registerEntries(scale: number): Generator<OffenderFacts> {
  for (const record of registerRecords(scale)) if ('entry' in record) yield record.entry;
}
