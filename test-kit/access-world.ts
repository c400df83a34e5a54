/**
 * The rows the enforced-access tests read, picked from the seeded synthetic
 * world (scale 1), and the identity each agency reads them with: one that
 * meets every row condition the expected matrix names for that agency on
 * those rows (own cell, same province, assigned, counsellor role, stated
 * purpose), so that whatever the matrix says an agency may read is readable.
 */
import type { DevIdentity } from '#identity';
import { PURPOSE_HEADER } from '#identity';
import type { Agency } from '#reference-data';
import {
  CRISIS_CELLS_BY_ID,
  registerEntries,
  type CaseFacts,
  type ConvictionFacts,
  type CrisisCellSite,
  type OffenderFacts,
  type SuspectFacts,
  type TrialFacts,
} from '#synthetic-world';
import { seededCases } from './world.ts';

/** One case that every agency has something to read in, with its cell, trial, a conviction and that convict's register entry. */
export interface AnchorWorld {
  case: CaseFacts;
  cell: CrisisCellSite;
  trial: TrialFacts;
  conviction: ConvictionFacts;
  /** The convicted suspect (their CNIC leads to the register entry). */
  convict: SuspectFacts;
  offender: OffenderFacts;
  /** The investigating officer of the case: SSOIU's assignee. */
  officerId: string;
  supportAdviserId: string;
}

let entries: Map<string, OffenderFacts> | undefined;
/** The register as seeded, by entry id. */
export function seededRegister(): Map<string, OffenderFacts> {
  entries ??= new Map([...registerEntries(1)].map((entry) => [entry.id, entry]));
  return entries;
}

/**
 * The anchor: chosen so that every nullable field of every type reached from
 * it has a value in the world (a forensic report, a charge sheet, an adjourned
 * hearing, a sentence with years and a fine, a verified notification, ...),
 * so "present" can mean non-null; the crisis cell is open round the clock, so
 * someone is always on duty; the convict lives in the case's province, so one
 * SSOIU token of that province meets SAME_PROVINCE on the case, the trial and
 * the register entry.
 */
let anchor: AnchorWorld | undefined;
export function anchorWorld(): AnchorWorld {
  anchor ??= findAnchor();
  return anchor;
}

function findAnchor(): AnchorWorld {
  const register = seededRegister();
  for (const facts of seededCases()) {
    const { trial, investigation, medicoLegalExam, survivor } = facts;
    const cell = facts.crisisCellId ? CRISIS_CELLS_BY_ID.get(facts.crisisCellId) : undefined;
    if (!cell?.open24Hours || !trial?.verdict || !investigation?.chargeSheetFiledAt || !facts.fir || !facts.supportAdviserId) continue;
    if (!medicoLegalExam?.forensicReportAt || !survivor.cnic || !survivor.contactPhone || survivor.ageAtIncident === null) continue;
    if (facts.counsellingSessions.length === 0 || !facts.evidence.some((item) => item.custody.length > 0)) continue;
    if (
      !facts.suspects.some((s) => s.cnic && s.arrestedAt) ||
      !trial.hearings.some((h) => h.adjournmentReason) ||
      trial.province !== facts.province
    )
      continue;
    for (const conviction of trial.verdict.convictions) {
      const convict = facts.suspects[conviction.suspectPosition];
      const offender = register.get(conviction.offenderId);
      if (!convict?.cnic || !offender || offender.cnic !== convict.cnic || offender.province !== facts.province) continue;
      if (conviction.sentence.imprisonmentYears === null || conviction.sentence.fineRupees === null) continue;
      if (offender.aliases.length === 0 || !offender.notifications.some((n) => n.verifiedAt) || !offender.compliance.lastVerifiedAt)
        continue;
      return {
        case: facts,
        cell,
        trial,
        conviction,
        convict,
        offender,
        officerId: investigation.investigatingOfficerId,
        supportAdviserId: facts.supportAdviserId,
      };
    }
  }
  throw new Error('the scale-1 world has no case that every agency can read something of: the seed changed');
}

/** How an agency calls on the anchor world: the token's identity (none for PUBLIC) and the headers it sends. */
export interface Caller {
  identity: DevIdentity | null;
  headers: Record<string, string>;
}

export function callerFor(agency: Agency, world: AnchorWorld = anchorWorld()): Caller {
  const sub = `access-probe-${agency.toLowerCase()}`;
  switch (agency) {
    case 'PUBLIC':
      return { identity: null, headers: {} };
    case 'ARCC':
      // Own cell, with the counsellor role that counselling sessions also need.
      return { identity: { agency, sub, cellId: world.cell.id, roles: ['counsellor'] }, headers: {} };
    case 'SSOIU':
      // Same province, the case's investigating officer, stating the case as the purpose of the request.
      return {
        identity: { agency, sub: world.officerId, province: world.case.province },
        headers: { [PURPOSE_HEADER]: world.case.reference },
      };
    case 'PROSECUTION':
      return { identity: { agency, sub: world.trial.prosecutorId }, headers: {} };
    case 'COURT':
      return { identity: { agency, sub, courtId: world.trial.courtId }, headers: {} };
    case 'SUPPORT_ADVISER':
      return { identity: { agency, sub: world.supportAdviserId }, headers: {} };
    default:
      return { identity: { agency, sub }, headers: {} };
  }
}

/** Rows just outside the anchor callers' cell, province and assignments, each with the values the tests look for. */
export interface OutsideRows {
  /** Received by another crisis cell (round the clock, so it has staff on duty) of the same province. */
  otherCellCase: CaseFacts;
  otherCell: CrisisCellSite;
  /** Begun at a police station (no crisis cell at all), in the anchor's province, investigated. */
  stationCase: CaseFacts;
  /** In another province, tried there. */
  otherProvinceCase: CaseFacts;
  /** In the anchor's province, investigated by another officer, with a medico-legal exam. */
  otherOfficerCase: CaseFacts;
  /** Tried (same province) with another prosecutor, in another court, and with another support adviser. */
  otherProsecutorCase: CaseFacts;
  otherCourtCase: CaseFacts;
  otherAdviserCase: CaseFacts;
  /** A register entry of another province, with notifications. */
  otherProvinceOffender: OffenderFacts;
}

let outside: OutsideRows | undefined;
export function outsideRows(world: AnchorWorld = anchorWorld()): OutsideRows {
  outside ??= findOutside(world);
  return outside;
}

function findOutside(world: AnchorWorld): OutsideRows {
  const cases = seededCases();
  const pick = <T>(what: string, found: T | undefined): T => {
    if (found === undefined) throw new Error(`the scale-1 world has no ${what}: the seed changed`);
    return found;
  };
  const identified = (c: CaseFacts) => Boolean(c.survivor.fullName && c.medicoLegalExam);
  const tried = (c: CaseFacts) => identified(c) && c.trial !== null && c.trial.province === world.case.province;
  const otherCellCase = pick(
    'case of another round-the-clock cell in the anchor province',
    cases.find(
      (c) =>
        c.province === world.case.province &&
        c.crisisCellId &&
        c.crisisCellId !== world.cell.id &&
        CRISIS_CELLS_BY_ID.get(c.crisisCellId)?.open24Hours &&
        identified(c),
    ),
  );
  return {
    otherCellCase,
    otherCell: CRISIS_CELLS_BY_ID.get(otherCellCase.crisisCellId!)!,
    stationCase: pick(
      'investigated case begun at a police station',
      cases.find((c) => !c.crisisCellId && c.province === world.case.province && c.investigation && identified(c)),
    ),
    otherProvinceCase: pick(
      'tried case of another province',
      cases.find((c) => c.province !== world.case.province && c.trial && identified(c)),
    ),
    otherOfficerCase: pick(
      'case of the anchor province investigated by another officer',
      cases.find(
        (c) =>
          c.province === world.case.province &&
          c.investigation &&
          c.investigation.investigatingOfficerId !== world.officerId &&
          identified(c),
      ),
    ),
    otherProsecutorCase: pick(
      'case tried with another prosecutor',
      cases.find((c) => tried(c) && c.trial!.prosecutorId !== world.trial.prosecutorId),
    ),
    otherCourtCase: pick(
      'case tried in another court',
      cases.find((c) => tried(c) && c.trial!.courtId !== world.trial.courtId),
    ),
    otherAdviserCase: pick(
      'tried case with another support adviser',
      cases.find((c) => tried(c) && c.supportAdviserId !== null && c.supportAdviserId !== world.supportAdviserId),
    ),
    otherProvinceOffender: pick(
      'register entry of another province',
      [...seededRegister().values()].find((o) => o.province !== world.case.province && o.notifications.length > 0),
    ),
  };
}
