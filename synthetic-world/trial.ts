// SYNTHETIC trials before the special courts: hearings, charges, verdicts and sentences.
// Trials take a median of about 250 days against the Act's target of 120, and most end in
// an acquittal.

import { ANCHOR_MS, DAY_MS, officeHoursOn, uniformInstant, yearOf } from './clock.ts';
import { caseId, type CaseContext } from './case-context.ts';
import { officialsOfDistrict } from './geography.ts';
import { syntheticUuid, type Rng } from './random.ts';
import { convictedOffenderId, historicalOffenderId } from './register.ts';
import { convictionSection, sentenceFor } from './sentencing.ts';
import type {
  ChargeFacts,
  ConvictionFacts,
  HearingFacts,
  MedicoLegalExamFacts,
  SuspectFacts,
  TrialFacts,
  TrialStatus,
  VerdictFacts,
  VerdictOutcome,
} from './facts.ts';

const ADJOURNMENT_REASONS = [
  'Defence counsel not present',
  'Witness not produced',
  'Forensic report awaited',
  'Judge on leave',
  'Accused not produced from jail',
  'Prosecutor on leave',
  'Lawyers on strike',
];
const ADJOURNMENT_REASONS_REPORT_IN = ADJOURNMENT_REASONS.filter((reason) => reason !== 'Forensic report awaited');

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
  /** When the forensic laboratory reported, if it has. */
  forensicReportMs: number | null;
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
    const reportAwaited = timeline.forensicReportMs === null || timeline.forensicReportMs > scheduledMs;
    return {
      id: syntheticUuid('hearing', `${ctx.index}:${k}`),
      scheduledFor: new Date(scheduledMs),
      purpose,
      outcome: !past ? 'SCHEDULED' : adjourned ? 'ADJOURNED' : 'HELD',
      adjournmentReason: adjourned ? rng.pick(reportAwaited ? ADJOURNMENT_REASONS : ADJOURNMENT_REASONS_REPORT_IN) : null,
      inCamera: purpose !== PURPOSE_JUDGMENT, // judgments are pronounced in open court
    };
  });
}

export function makeTrial(
  ctx: CaseContext,
  chargeSheetFiledAt: Date,
  suspects: SuspectFacts[],
  exam: MedicoLegalExamFacts | null,
): TrialFacts | null {
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
    forensicReportMs: exam?.forensicReportAt?.getTime() ?? null,
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
  if (!exam) return 0.5;
  return exam.forensicReportAt ? 1.25 : 0.85;
}

function makeVerdict(ctx: CaseContext, decidedMs: number, accused: SuspectFacts[], exam: MedicoLegalExamFacts | null): VerdictFacts {
  const { rng } = ctx;
  const factor = evidenceFactor(exam);
  let outcome = rng.weighted<VerdictOutcome>([
    ['ACQUITTED', 85],
    ['CONVICTED', 10 * factor],
    ['PARTLY_CONVICTED', 3 * factor],
    ['COMPROMISE_REJECTED_CONVICTED', 0.8 * factor],
  ]);
  if (outcome === 'PARTLY_CONVICTED' && accused.length < 2) outcome = 'CONVICTED';
  const convicted = outcome === 'ACQUITTED' ? [] : outcome === 'PARTLY_CONVICTED' ? [rng.pick(accused)] : accused;
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
