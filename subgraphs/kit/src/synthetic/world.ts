// The SYNTHETIC world the seeders share. Every case, trial and register entry is made up and
// generated from a seeded PRNG keyed by (scale, index), so each subgraph's seeder regenerates
// exactly the same facts for its own database: the cases seeder and the courts seeder agree
// on case #i, and a conviction's offender id is the id of an entry the offenders seeder writes.
//
// The pipeline reproduces the attrition of published figures: most reports never reach a
// charge sheet, trials take well over the statutory 120 days, and well under 5% of reported
// cases end in a conviction.

import { ANCHOR_MS, DAY_MS, HOUR_MS, MINUTE_MS, SEED_ANCHOR, officeHoursOn, toMinute, uniformInstant, yearOf, isoDate, YEAR_MS } from './clock.ts';
import {
  CRISIS_CELLS_BY_ID,
  CRISIS_CELLS_BY_PROVINCE,
  DISTRICTS,
  FORENSIC_LABS,
  SUPPORT_ADVISERS_BY_PROVINCE,
  officialsOfDistrict,
  type CrisisCellSite,
  type District,
} from './geography.ts';
import { cnicFor, fullName, mobileNumber, type Sex } from './names.ts';
import { rngFor, scramble24, syntheticUuid, type Rng } from './random.ts';
import { convictedOffenderId, convictionRegisterEntry, generateHistoricalOffender, historicalIdentity, historicalOffenderId } from './register.ts';
import { CASES_PER_SCALE, HISTORICAL_OFFENDERS_PER_SCALE, assertIndex, caseCount, historicalOffenderCount } from './scale.ts';
import { convictionSection, offenceSectionsFor, sentenceFor } from './sentencing.ts';
import { staffWithRole } from './staff.ts';
import type {
  CaseFacts,
  CaseStatus,
  ChargeFacts,
  ConvictionFacts,
  CounsellingKind,
  CounsellingSessionFacts,
  CustodyTransferFacts,
  EvidenceItemFacts,
  EvidenceKind,
  FirFacts,
  HearingFacts,
  InvestigationFacts,
  InvestigationStatus,
  LabStatus,
  MedicoLegalExamFacts,
  OffenceCategory,
  OffenderFacts,
  SuspectFacts,
  SuspectStatus,
  SurvivorFacts,
  TrialFacts,
  TrialStatus,
  VerdictFacts,
  VerdictOutcome,
} from './facts.ts';

export { SEED_ANCHOR, CASES_PER_SCALE, HISTORICAL_OFFENDERS_PER_SCALE, caseCount, historicalOffenderCount };
export { generateHistoricalOffender };
export { generateCellStaff } from './staff.ts';

const REPORTING_FROM_MS = Date.UTC(2022, 0, 1);
const REPEAT_OFFENDER_SHARE = 0.03;

/** Everything decided about a case before its parts are generated. */
interface CaseContext {
  rng: Rng;
  scale: number;
  index: number;
  reportedMs: number;
  district: District;
  cell: CrisisCellSite | null;
  category: OffenceCategory;
  sections: string[];
  child: boolean;
}

export function caseId(index: number): string {
  return syntheticUuid('case', index);
}

export function generateCase(scale: number, index: number): CaseFacts {
  assertIndex('case', index, caseCount(scale));
  const rng = rngFor('case', index);
  const reportedMs = uniformInstant(rng, REPORTING_FROM_MS, ANCHOR_MS);
  const district = rng.weighted(DISTRICT_WEIGHTS);
  const cell = rng.chance(0.9) ? rng.pick(nearbyCells(district)) : null;
  const child = rng.chance(0.4);
  const category = rng.weighted(child ? CHILD_CATEGORY_WEIGHTS : ADULT_CATEGORY_WEIGHTS);
  const ctx: CaseContext = { rng, scale, index, reportedMs, district, cell, category, child, sections: offenceSectionsFor(category, child) };

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

/** Offences committed online leave little for a medical examination to find. */
const ONLINE_CATEGORIES: ReadonlySet<OffenceCategory> = new Set(['ONLINE_SEXUAL_HARASSMENT', 'CHILD_PORNOGRAPHY']);

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
      return gang ? rng.int(1, 2) : rng.weighted([[0, 25], [1, 60], [2, 15]]);
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
  const serial = ctx.index * 2 + position;
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
      if (!accused) return { status: 'DISCHARGED', arrestedMs: rng.chance(0.5) ? between(openedMs, chargeSheetMs) : null, accused, identified: true };
      return { status: 'CHARGED', arrestedMs: rng.chance(0.9) ? between(openedMs, chargeSheetMs) : null, accused, identified: true };
    }
    case 'OPEN': {
      const status = rng.weighted<SuspectStatus>([['AT_LARGE', 40], ['ARRESTED', 35], ['ON_BAIL', 25]]);
      const arrestedMs = status === 'AT_LARGE' ? null : between(openedMs, ANCHOR_MS);
      return { status, arrestedMs, accused: false, identified: rng.chance(0.75) };
    }
    case 'CLOSED_UNTRACED':
      return { status: 'AT_LARGE', arrestedMs: null, accused: false, identified: rng.chance(0.2) };
    case 'CLOSED_INSUFFICIENT_EVIDENCE':
      return { status: 'DISCHARGED', arrestedMs: rng.chance(0.6) ? between(openedMs, ANCHOR_MS) : null, accused: false, identified: rng.chance(0.8) };
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
// Trial

const ADJOURNMENT_REASONS = [
  'Defence counsel not present',
  'Witness not produced',
  'Forensic report awaited',
  'Judge on leave',
  'Accused not produced from jail',
  'Prosecutor on leave',
  'Lawyers on strike',
];

const PROSECUTION_EVIDENCE_PURPOSES = [
  'Prosecution evidence: statement of the survivor (in camera)',
  'Prosecution evidence: medico-legal officer examined',
  'Prosecution evidence: investigating officer examined',
  'Prosecution evidence: forensic expert examined',
  'Prosecution evidence: cross-examination of witnesses',
];

const PURPOSE_SUPPLY_OF_COPIES = 'Supply of copies to the accused under section 265-C CrPC';
const PURPOSE_FRAMING = 'Framing of charge';
const PURPOSE_JUDGMENT = 'Announcement of judgment';
const PURPOSE_TRANSFER = 'Case transferred to another special court';

/** The stage a pending trial has reached, as a fraction of the time it will take. */
function trialStage(fraction: number): TrialStatus {
  if (fraction < 0.1) return 'CHARGE_FRAMED';
  if (fraction < 0.6) return 'PROSECUTION_EVIDENCE';
  if (fraction < 0.8) return 'DEFENCE_EVIDENCE';
  return 'ARGUMENTS';
}

function purposeForStage(rng: Rng, stage: TrialStatus): string {
  switch (stage) {
    case 'CHARGE_FRAMED':
    case 'PROSECUTION_EVIDENCE':
      return rng.pick(PROSECUTION_EVIDENCE_PURPOSES);
    case 'DEFENCE_EVIDENCE':
      return rng.chance(0.5) ? 'Statement of the accused under section 342 CrPC' : 'Defence evidence';
    default:
      return 'Final arguments';
  }
}

/**
 * Hearing dates from `firstMs` to `lastMs` (both included when they differ by a week or more),
 * about four weeks apart, never more than `maxCount`: a long trial has fewer, sparser dates.
 */
function hearingDates(rng: Rng, firstMs: number, lastMs: number, maxCount: number): number[] {
  const span = lastMs - firstMs;
  if (span < 7 * DAY_MS) return [firstMs];
  const count = Math.max(2, Math.min(maxCount, Math.round(span / (28 * DAY_MS)) + 1));
  const step = span / (count - 1);
  const dates = [firstMs];
  for (let k = 1; k < count - 1; k++) dates.push(officeHoursOn(rng, firstMs + step * (k + (rng.next() - 0.5) * 0.5)));
  dates.push(lastMs);
  return dates;
}

interface TrialTimeline {
  filedMs: number;
  /** When the verdict came (decided), or would come if the trial runs its course. */
  decisionMs: number;
  decided: boolean;
  /** Set when the trial moved to another court before a verdict. */
  transferredMs: number | null;
}

function makeHearings(ctx: CaseContext, timeline: TrialTimeline): HearingFacts[] {
  const { rng } = ctx;
  const { filedMs, decisionMs, decided, transferredMs } = timeline;
  const copiesMs = officeHoursOn(rng, filedMs + rng.int(3, 10) * DAY_MS);
  const finishedMs = decided ? decisionMs : transferredMs;
  let framingMs = copiesMs + rng.int(7, 21) * DAY_MS;
  // A short finished trial still frames the charge well before its last hearing.
  if (finishedMs !== null) framingMs = Math.min(framingMs, copiesMs + (finishedMs - copiesMs) / 2);
  framingMs = officeHoursOn(rng, framingMs);

  const dates = [copiesMs];
  if (finishedMs !== null) {
    dates.push(...hearingDates(rng, framingMs, finishedMs, 14));
  } else if (framingMs < ANCHOR_MS) {
    const lastPastMs = Math.max(framingMs, officeHoursOn(rng, ANCHOR_MS - rng.int(1, 30) * DAY_MS));
    dates.push(...hearingDates(rng, framingMs, lastPastMs, 13), officeHoursOn(rng, ANCHOR_MS + rng.int(1, 42) * DAY_MS));
  } else {
    dates.push(framingMs);
  }

  const lastIndex = dates.length - 1;
  return dates.map((scheduledMs, k) => {
    let purpose: string;
    if (k === 0) purpose = PURPOSE_SUPPLY_OF_COPIES;
    else if (k === 1) purpose = PURPOSE_FRAMING;
    else if (k === lastIndex && decided) purpose = PURPOSE_JUDGMENT;
    else if (k === lastIndex && transferredMs !== null) purpose = PURPOSE_TRANSFER;
    else purpose = purposeForStage(rng, trialStage((scheduledMs - filedMs) / (decisionMs - filedMs)));
    const past = scheduledMs <= ANCHOR_MS;
    // The first two hearings and the last of a finished trial always take place.
    const mayAdjourn = k > 1 && !(k === lastIndex && (decided || transferredMs !== null));
    const adjourned = past && mayAdjourn && rng.chance(0.35);
    return {
      id: syntheticUuid('hearing', `${ctx.index}:${k}`),
      scheduledFor: new Date(scheduledMs),
      purpose,
      outcome: !past ? 'SCHEDULED' : adjourned ? 'ADJOURNED' : 'HELD',
      adjournmentReason: adjourned ? rng.pick(ADJOURNMENT_REASONS) : null,
      inCamera: purpose !== PURPOSE_JUDGMENT, // judgments are pronounced in open court
    };
  });
}

function makeTrial(ctx: CaseContext, chargeSheetFiledAt: Date, suspects: SuspectFacts[], exam: MedicoLegalExamFacts | null): TrialFacts | null {
  const { rng } = ctx;
  const filedMs = officeHoursOn(rng, chargeSheetFiledAt.getTime() + rng.int(3, 20) * DAY_MS);
  if (filedMs >= ANCHOR_MS) return null;
  const officials = officialsOfDistrict(ctx.district.code);
  const prosecutor = rng.pick(officials.prosecutors);
  // Median 250 days to a verdict; about one trial in five meets the statutory 120 days.
  const decisionMs = officeHoursOn(rng, filedMs + Math.max(45, rng.logNormal(250, 763)) * DAY_MS);
  const transfer = rng.chance(0.025);
  const transferredMs = transfer ? uniformInstant(rng, filedMs + 30 * DAY_MS, Math.min(decisionMs, ANCHOR_MS)) : null;
  const timeline: TrialTimeline = {
    filedMs,
    decisionMs,
    decided: transferredMs === null && decisionMs < ANCHOR_MS,
    transferredMs: transferredMs !== null && transferredMs < ANCHOR_MS ? transferredMs : null,
  };
  const hearings = makeHearings(ctx, timeline);
  const framing = hearings[1];
  const accused = suspects.filter((suspect) => suspect.accused);
  const charges: ChargeFacts[] =
    framing && framing.outcome === 'HELD'
      ? accused.flatMap((suspect) =>
          ctx.sections.map((offenceSection) => ({
            offenceSection,
            framedAt: framing.scheduledFor,
            accusedName: suspect.name,
            suspectPosition: suspect.position,
          })),
        )
      : [];
  let status: TrialStatus;
  if (timeline.decided) status = 'DECIDED';
  else if (timeline.transferredMs !== null) status = 'TRANSFERRED';
  else status = trialStage((ANCHOR_MS - filedMs) / (decisionMs - filedMs));

  return {
    id: syntheticUuid('trial', ctx.index),
    caseId: caseId(ctx.index),
    caseIndex: ctx.index,
    caseNumber: `SC-${ctx.district.code}-${yearOf(filedMs)}-${String(ctx.index + 1).padStart(4, '0')}`,
    courtId: officials.court.id,
    prosecutorId: prosecutor.id,
    province: ctx.district.province,
    district: ctx.district.name,
    filedAt: new Date(filedMs),
    charges,
    hearings,
    status,
    verdict: timeline.decided ? makeVerdict(ctx, decisionMs, accused, exam) : null,
  };
}

/** Forensic evidence that came back strengthens the prosecution; no examination weakens it. */
function evidenceFactor(exam: MedicoLegalExamFacts | null): number {
  if (!exam) return 0.6;
  return exam.forensicReportAt ? 1.4 : 1;
}

function makeVerdict(ctx: CaseContext, decidedMs: number, accused: SuspectFacts[], exam: MedicoLegalExamFacts | null): VerdictFacts {
  const { rng } = ctx;
  const factor = evidenceFactor(exam);
  let outcome = rng.weighted<VerdictOutcome>([
    ['ACQUITTED', 85],
    ['CONVICTED', 11 * factor],
    ['PARTLY_CONVICTED', 3 * factor],
    ['COMPROMISE_REJECTED_CONVICTED', 1 * factor],
  ]);
  if (outcome === 'PARTLY_CONVICTED' && accused.length < 2) outcome = 'CONVICTED';
  const convicted =
    outcome === 'ACQUITTED' ? [] : outcome === 'PARTLY_CONVICTED' ? [rng.pick(accused)] : accused;
  const section = convictionSection(ctx.sections);
  const convictions: ConvictionFacts[] = convicted.map((suspect) => ({
    id: syntheticUuid('conviction', `${ctx.index}:${suspect.position}`),
    suspectPosition: suspect.position,
    offenceSection: section,
    convictedAt: new Date(decidedMs),
    sentence: sentenceFor(rng, section),
    offenderId:
      suspect.repeatOffenderIndex === null
        ? convictedOffenderId(ctx.index, suspect.position)
        : historicalOffenderId(suspect.repeatOffenderIndex),
  }));
  return { decidedAt: new Date(decidedMs), outcome, convictions };
}

// ---------------------------------------------------------------------------------------------
// Evidence and its chain of custody

interface EvidenceCandidate {
  kind: EvidenceKind;
  description: string;
  collectedMs: number;
  collectedBy: 'ARCC' | 'SSOIU';
  /** Goes to the forensic laboratory. */
  forensic: boolean;
  /** Taken at the medico-legal examination, so the laboratory reports with the exam's report. */
  fromExam: boolean;
}

function evidenceCandidates(ctx: CaseContext, exam: MedicoLegalExamFacts | null, fir: FirFacts | null): EvidenceCandidate[] {
  const { rng } = ctx;
  const candidates: EvidenceCandidate[] = [];
  // Samples from the examination: the cell collects them, or the police from the hospital.
  if (exam && (ctx.cell || fir)) {
    const collectedBy = ctx.cell ? 'ARCC' : 'SSOIU';
    const at = exam.examinedAt.getTime() + 30 * MINUTE_MS;
    if (exam.dnaSamplesTaken) {
      candidates.push({ kind: 'DNA_SWAB', description: 'Swabs collected during the medico-legal examination, sealed', collectedMs: at, collectedBy, forensic: true, fromExam: true });
      candidates.push({ kind: 'BLOOD_SAMPLE', description: 'Blood sample for DNA profiling and toxicology', collectedMs: at, collectedBy, forensic: true, fromExam: true });
    }
    candidates.push({ kind: 'CLOTHING', description: 'Clothing worn at the time of the incident, sealed in paper bags', collectedMs: at, collectedBy, forensic: true, fromExam: true });
  }
  if (fir) {
    const afterFir = (maxDays: number) => Math.min(ANCHOR_MS, toMinute(fir.registeredAt.getTime() + rng.between(0.2, maxDays) * DAY_MS));
    if (ONLINE_CATEGORIES.has(ctx.category)) {
      candidates.push({ kind: 'DIGITAL_DEVICE', description: 'Mobile phone of the suspect, seized and sealed for forensic imaging', collectedMs: afterFir(30), collectedBy: 'SSOIU', forensic: true, fromExam: false });
      candidates.push({ kind: 'PHOTOGRAPH', description: 'Screenshots of the messages received, printed and attested', collectedMs: afterFir(5), collectedBy: 'SSOIU', forensic: false, fromExam: false });
    } else {
      candidates.push({ kind: 'CCTV_FOOTAGE', description: 'CCTV footage from a nearby shop, copied to a sealed USB drive', collectedMs: afterFir(10), collectedBy: 'SSOIU', forensic: true, fromExam: false });
    }
    candidates.push({
      kind: 'DOCUMENT',
      description: ctx.child ? "Birth certificate establishing the survivor's age" : 'Site plan of the place of occurrence prepared by the investigating officer',
      collectedMs: afterFir(20),
      collectedBy: 'SSOIU',
      forensic: false,
      fromExam: false,
    });
  }
  return candidates;
}

function holderOf(ctx: CaseContext, collectedBy: 'ARCC' | 'SSOIU'): string {
  if (collectedBy === 'ARCC' && ctx.cell) return `Medico-legal officer, ${ctx.cell.name}`;
  return `Investigating officer, SSOIU ${ctx.district.name}`;
}

function labStatusFor(rng: Rng, sentToLab: boolean, reportBack: boolean, sealIntact: boolean): LabStatus {
  if (!sentToLab) return 'NOT_SENT';
  if (!sealIntact) return rng.chance(0.6) ? 'DEGRADED' : 'INCONCLUSIVE';
  if (!reportBack) return 'AWAITING_ANALYSIS';
  return rng.weighted<LabStatus>([['ANALYSED', 80], ['INCONCLUSIVE', 14], ['DEGRADED', 6]]);
}

function makeEvidenceItem(ctx: CaseContext, candidate: EvidenceCandidate, exam: MedicoLegalExamFacts | null, k: number): EvidenceItemFacts {
  const { rng } = ctx;
  const malkhana = `Evidence room (malkhana), SSOIU ${ctx.district.name}`;
  const lab = FORENSIC_LABS[ctx.district.province];
  const sealIntact = rng.chance(0.94);
  const custody: CustodyTransferFacts[] = [];
  const firstMs = toMinute(Math.min(ANCHOR_MS, candidate.collectedMs + rng.between(1, 48) * HOUR_MS));
  custody.push({ at: new Date(firstMs), fromHolder: holderOf(ctx, candidate.collectedBy), toHolder: malkhana, sealIntact: true });

  // Exam samples come back with the exam's forensic report (or never, while it is pending).
  const examReportMs = candidate.fromExam ? (exam?.forensicReportAt?.getTime() ?? Number.POSITIVE_INFINITY) : null;
  const toLabMs = toMinute(
    examReportMs !== null && examReportMs < ANCHOR_MS
      ? firstMs + (examReportMs - firstMs) * rng.between(0.05, 0.5)
      : firstMs + rng.between(1, 20) * DAY_MS,
  );
  const reportMs = examReportMs ?? toMinute(toLabMs + rng.logNormal(40, 150) * DAY_MS);

  const sentToLab = candidate.forensic && toLabMs <= ANCHOR_MS && rng.chance(0.85);
  if (sentToLab) custody.push({ at: new Date(toLabMs), fromHolder: malkhana, toHolder: lab, sealIntact });
  const reportBack = sentToLab && reportMs > toLabMs && reportMs <= ANCHOR_MS;
  if (reportBack) custody.push({ at: new Date(reportMs), fromHolder: lab, toHolder: malkhana, sealIntact });

  return {
    id: syntheticUuid('evidence', `${ctx.index}:${k}`),
    kind: candidate.kind,
    description: candidate.description,
    collectedAt: new Date(toMinute(candidate.collectedMs)),
    collectedBy: candidate.collectedBy,
    labStatus: labStatusFor(rng, sentToLab, reportBack, sealIntact),
    custody,
  };
}

function makeEvidence(ctx: CaseContext, exam: MedicoLegalExamFacts | null, fir: FirFacts | null): EvidenceItemFacts[] {
  const chosen = evidenceCandidates(ctx, exam, fir)
    .filter((candidate) => candidate.collectedMs <= ANCHOR_MS && ctx.rng.chance(0.7))
    .slice(0, 4);
  return chosen.map((candidate, k) => makeEvidenceItem(ctx, candidate, exam, k));
}

// ---------------------------------------------------------------------------------------------
// Counselling at the crisis cell

function makeCounsellingSessions(ctx: CaseContext): CounsellingSessionFacts[] {
  const { rng, cell } = ctx;
  if (!cell) return [];
  const count = rng.weighted([[0, 30], [1, 20], [2, 20], [3, 15], [4, 10], [5, 5]]);
  const counsellors = staffWithRole(cell, 'COUNSELLOR');
  const legalAdvisers = staffWithRole(cell, 'LEGAL_ADVISER');
  const sessions: CounsellingSessionFacts[] = [];
  let heldMs = ctx.reportedMs + rng.between(2, 72) * HOUR_MS;
  for (let k = 0; k < count && heldMs <= ANCHOR_MS; k++) {
    const kind: CounsellingKind =
      k === 0 ? (rng.chance(0.6) ? 'PSYCHOLOGICAL' : 'TRAUMA_FOCUSED')
      : rng.weighted<CounsellingKind>([['PSYCHOLOGICAL', 35], ['TRAUMA_FOCUSED', 30], ['LEGAL_ORIENTATION', 20], ['FAMILY', ctx.child ? 25 : 10]]);
    const counsellor = kind === 'LEGAL_ORIENTATION' && legalAdvisers.length > 0 ? rng.pick(legalAdvisers) : rng.pick(counsellors);
    sessions.push({
      id: syntheticUuid('counselling-session', `${ctx.index}:${k}`),
      heldAt: new Date(toMinute(heldMs)),
      kind,
      counsellorName: counsellor.name,
      durationMinutes: rng.pick([30, 45, 45, 60, 60, 90]),
    });
    heldMs += rng.between(5, 21) * DAY_MS;
  }
  return sessions;
}

// ---------------------------------------------------------------------------------------------
// The register as the world sees it

/** Looks a case's crisis cell up (null for a police-station case). */
export function crisisCellOf(facts: CaseFacts): CrisisCellSite | null {
  return facts.crisisCellId === null ? null : (CRISIS_CELLS_BY_ID.get(facts.crisisCellId) ?? null);
}

/**
 * The register entry a conviction in case #caseIndex points at. For a repeat offender that is
 * the historical entry they already had (the offenders seeder writes no second entry).
 */
export function registerEntryForConviction(scale: number, caseIndex: number, suspectPosition: number): OffenderFacts {
  const facts = generateCase(scale, caseIndex);
  const conviction = facts.trial?.verdict?.convictions.find((c) => c.suspectPosition === suspectPosition);
  if (!conviction) throw new Error(`case ${caseIndex} has no conviction of suspect ${suspectPosition}`);
  const repeatIndex = facts.suspects[suspectPosition]?.repeatOffenderIndex ?? null;
  if (repeatIndex !== null) return generateHistoricalOffender(scale, repeatIndex);
  return convictionRegisterEntry(scale, facts, conviction);
}

/**
 * Every register entry of the world: the historical ones, then one per conviction of someone
 * not already registered, in case order. Streams through the cases, so it runs at any scale.
 */
export function* registerEntries(scale: number): Generator<OffenderFacts> {
  const historical = historicalOffenderCount(scale);
  for (let index = 0; index < historical; index++) yield generateHistoricalOffender(scale, index);
  const cases = caseCount(scale);
  for (let index = 0; index < cases; index++) {
    const facts = generateCase(scale, index);
    for (const conviction of facts.trial?.verdict?.convictions ?? []) {
      if (facts.suspects[conviction.suspectPosition]?.repeatOffenderIndex !== null) continue;
      yield convictionRegisterEntry(scale, facts, conviction);
    }
  }
}

export function forEachRegisterEntry(scale: number, visit: (entry: OffenderFacts) => void): void {
  for (const entry of registerEntries(scale)) visit(entry);
}
