// SYNTHETIC evidence with its chain of custody, and counselling at the crisis cell. Seals
// broken on the way to the laboratory and reports that never come back are where much of the
// attrition between agencies happens.

import { ANCHOR_MS, DAY_MS, HOUR_MS, MINUTE_MS, toMinute } from './clock.ts';
import { ONLINE_CATEGORIES, type CaseContext } from './case-context.ts';
import { FORENSIC_LABS } from './geography.ts';
import { syntheticUuid, type Rng } from './random.ts';
import { staffWithRole } from './staff.ts';
import type {
  CounsellingKind,
  CounsellingSessionFacts,
  CustodyTransferFacts,
  EvidenceItemFacts,
  EvidenceKind,
  FirFacts,
  LabStatus,
  MedicoLegalExamFacts,
} from './facts.ts';

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
      candidates.push({
        kind: 'DNA_SWAB',
        description: 'Swabs collected during the medico-legal examination, sealed',
        collectedMs: at,
        collectedBy,
        forensic: true,
        fromExam: true,
      });
      candidates.push({
        kind: 'BLOOD_SAMPLE',
        description: 'Blood sample for DNA profiling and toxicology',
        collectedMs: at,
        collectedBy,
        forensic: true,
        fromExam: true,
      });
    }
    candidates.push({
      kind: 'CLOTHING',
      description: 'Clothing worn at the time of the incident, sealed in paper bags',
      collectedMs: at,
      collectedBy,
      forensic: true,
      fromExam: true,
    });
  }
  if (fir) {
    const afterFir = (maxDays: number) => Math.min(ANCHOR_MS, toMinute(fir.registeredAt.getTime() + rng.between(0.2, maxDays) * DAY_MS));
    if (ONLINE_CATEGORIES.has(ctx.category)) {
      candidates.push({
        kind: 'DIGITAL_DEVICE',
        description: 'Mobile phone of the suspect, seized and sealed for forensic imaging',
        collectedMs: afterFir(30),
        collectedBy: 'SSOIU',
        forensic: true,
        fromExam: false,
      });
      candidates.push({
        kind: 'PHOTOGRAPH',
        description: 'Screenshots of the messages received, printed and attested',
        collectedMs: afterFir(5),
        collectedBy: 'SSOIU',
        forensic: false,
        fromExam: false,
      });
    } else {
      candidates.push({
        kind: 'CCTV_FOOTAGE',
        description: 'CCTV footage from a nearby shop, copied to a sealed USB drive',
        collectedMs: afterFir(10),
        collectedBy: 'SSOIU',
        forensic: true,
        fromExam: false,
      });
    }
    candidates.push({
      kind: 'DOCUMENT',
      description: ctx.child
        ? "Birth certificate establishing the survivor's age"
        : 'Site plan of the place of occurrence prepared by the investigating officer',
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
  return rng.weighted<LabStatus>([
    ['ANALYSED', 80],
    ['INCONCLUSIVE', 14],
    ['DEGRADED', 6],
  ]);
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

export function makeEvidence(ctx: CaseContext, exam: MedicoLegalExamFacts | null, fir: FirFacts | null): EvidenceItemFacts[] {
  const chosen = evidenceCandidates(ctx, exam, fir)
    .filter((candidate) => candidate.collectedMs <= ANCHOR_MS && ctx.rng.chance(0.7))
    .slice(0, 4);
  return chosen.map((candidate, k) => makeEvidenceItem(ctx, candidate, exam, k));
}

// ---------------------------------------------------------------------------------------------
// Counselling at the crisis cell

export function makeCounsellingSessions(ctx: CaseContext): CounsellingSessionFacts[] {
  const { rng, cell } = ctx;
  if (!cell) return [];
  const count = rng.weighted([
    [0, 30],
    [1, 20],
    [2, 20],
    [3, 15],
    [4, 10],
    [5, 5],
  ]);
  const counsellors = staffWithRole(cell, 'COUNSELLOR');
  const legalAdvisers = staffWithRole(cell, 'LEGAL_ADVISER');
  const sessions: CounsellingSessionFacts[] = [];
  let heldMs = ctx.reportedMs + rng.between(2, 72) * HOUR_MS;
  for (let k = 0; k < count && heldMs <= ANCHOR_MS; k++) {
    const kind: CounsellingKind =
      k === 0
        ? rng.chance(0.6)
          ? 'PSYCHOLOGICAL'
          : 'TRAUMA_FOCUSED'
        : rng.weighted<CounsellingKind>([
            ['PSYCHOLOGICAL', 35],
            ['TRAUMA_FOCUSED', 30],
            ['LEGAL_ORIENTATION', 20],
            ['FAMILY', ctx.child ? 25 : 10],
          ]);
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
