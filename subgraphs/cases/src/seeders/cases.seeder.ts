import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import type { CounsellingKind } from '#reference-data';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import { caseCount, CRISIS_CELLS, FORENSIC_LABS, generateCases, type CaseFacts } from '#synthetic-world';
import { CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import { CaseSchema } from '../entities/case.entity.ts';
import { CrisisCellCodeSchema } from '../entities/crisis-cell-code.entity.ts';
import { CounsellingSessionSchema } from '../entities/counselling-session.entity.ts';
import { CustodyTransferSchema } from '../entities/custody-transfer.entity.ts';
import { EvidenceItemSchema } from '../entities/evidence-item.entity.ts';
import { FirSchema } from '../entities/fir.entity.ts';
import { InvestigationSchema } from '../entities/investigation.entity.ts';
import { type DnaResult, MedicoLegalExamSchema } from '../entities/medico-legal-exam.entity.ts';
import { SurvivorSchema } from '../entities/survivor.entity.ts';
import { SuspectSchema } from '../entities/suspect.entity.ts';

const PROGRESS_EVERY = 100_000;

/**
 * Writes the cases of the synthetic world, one case at a time, straight from
 * the generator into multi-row INSERTs: memory stays flat whatever the scale.
 * Every id, date and key comes from the world, so the courts, offenders and
 * crisis-cells seeders (each in its own database) agree with these rows.
 */
export class CasesSeeder extends Seeder<SeedContext> {
  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const total = caseCount(scale);
    const started = performance.now();
    const writer = new BatchWriter(em);
    // The codes of the cells' case references, for the cases they open through the graph.
    for (const cell of CRISIS_CELLS) await writer.add(CrisisCellCodeSchema, { cellId: cell.id, code: cell.code });
    let seeded = 0;
    for (const facts of generateCases(scale)) {
      await writeCase(writer, facts);
      seeded += 1;
      if (seeded % PROGRESS_EVERY === 0) {
        logger?.info({ seeded, total, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'seeding cases');
      }
    }
    const rows = await writer.flush();
    logger?.info({ rows }, 'cases loaded');
  }
}

async function writeCase(writer: BatchWriter, facts: CaseFacts): Promise<void> {
  const caseId = facts.id;
  // Parents first: the writer flushes its tables in the order they first appear.
  await writer.add(CaseSchema, {
    id: caseId,
    reference: facts.reference,
    reportedAt: facts.reportedAt,
    category: facts.category,
    offenceSections: facts.offenceSections,
    status: facts.status,
    province: facts.province,
    district: facts.district,
    crisisCellId: facts.crisisCellId,
    childSurvivor: facts.survivor.child,
    hasFir: facts.fir !== null,
    verdictOutcome: facts.trial?.verdict?.outcome ?? null,
    version: 1,
  });

  const { survivor } = facts;
  await writer.add(SurvivorSchema, {
    case: caseId,
    pseudonym: survivor.pseudonym,
    fullName: survivor.fullName,
    cnic: survivor.cnic,
    contactPhone: survivor.contactPhone,
    ageAtIncident: survivor.ageAtIncident,
  });

  if (facts.medicoLegalExam) {
    await writer.add(MedicoLegalExamSchema, { case: caseId, ...facts.medicoLegalExam, ...forensicReportOf(facts) });
  }

  if (facts.fir) await writer.add(FirSchema, { case: caseId, ...facts.fir });

  const { investigation } = facts;
  if (investigation) {
    await writer.add(InvestigationSchema, {
      case: caseId,
      ...investigation,
      // Derived from the world, which charges the case's offence sections (the trial's charges are the same sections, per accused).
      chargeSheetSections: investigation.chargeSheetFiledAt ? [...facts.offenceSections] : null,
    });
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'SSOIU', assigneeId: investigation.investigatingOfficerId });
  }
  if (facts.trial) {
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'PROSECUTION', assigneeId: facts.trial.prosecutorId });
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'COURT', assigneeId: facts.trial.courtId });
  }
  if (facts.supportAdviserId) {
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'SUPPORT_ADVISER', assigneeId: facts.supportAdviserId });
  }

  for (const [k, { custody, ...item }] of facts.evidence.entries()) {
    await writer.add(EvidenceItemSchema, {
      ...item,
      case: caseId,
      // Derived from the world, which does not name them: a seal number of the case's reference; the collector, the chain's first sender.
      sealNumber: `${facts.reference}/S${k + 1}`,
      collectorName: custody[0]?.fromHolder ?? null,
      // Flagged as a hand-over through the graph flags it: some link of its chain found the seal broken.
      sealBroken: custody.some((transfer) => !transfer.sealIntact),
    });
    // No seeded link was received by a crisis cell: the world's chains run from the collector to the police and the laboratory.
    for (const [position, transfer] of custody.entries()) {
      await writer.add(CustodyTransferSchema, { evidenceItem: item.id, position, ...transfer, toCellId: null });
    }
  }

  for (const session of facts.counsellingSessions) {
    // Derived from the session's kind, which the world draws: a synthetic note, never anyone's own account.
    await writer.add(CounsellingSessionSchema, { ...session, case: caseId, notes: SEEDED_NOTES[session.kind] });
  }

  for (const suspect of facts.suspects) {
    await writer.add(SuspectSchema, {
      id: suspect.id,
      case: caseId,
      position: suspect.position,
      name: suspect.name,
      cnic: suspect.cnic,
      status: suspect.status,
      arrestedAt: suspect.arrestedAt,
    });
  }
}

/**
 * The details of a seeded examination's forensic report, derived from the
 * world (which records only when it came back), never from a random draw, so
 * the world stays the one every other subgraph seeds: the province's
 * laboratory, and a DNA result the evidence and the investigation bear out.
 */
function forensicReportOf(facts: CaseFacts) {
  const exam = facts.medicoLegalExam!;
  if (!exam.forensicReportAt) {
    return { forensicLaboratory: null, forensicReportNumber: null, dnaResult: null, forensicFindings: null };
  }
  const spoiled = facts.evidence.some((item) => item.labStatus === 'DEGRADED' || item.labStatus === 'INCONCLUSIVE');
  const dnaResult: DnaResult = !exam.dnaSamplesTaken
    ? 'NOT_TESTED'
    : spoiled
      ? 'NO_PROFILE'
      : facts.suspects.length > 0
        ? 'MATCHES_SUSPECT'
        : 'PROFILE_NO_REFERENCE';
  return {
    forensicLaboratory: FORENSIC_LABS[facts.province],
    forensicReportNumber: `FSL/${exam.forensicReportAt.getUTCFullYear()}/${String(facts.index + 1).padStart(6, '0')}`,
    dnaResult,
    forensicFindings: SEEDED_FINDINGS[dnaResult],
  };
}

const SEEDED_FINDINGS: Record<DnaResult, string> = {
  MATCHES_SUSPECT: "A male DNA profile obtained from the swabs matches the suspect's reference sample.",
  EXCLUDES_SUSPECT: 'A male DNA profile was obtained from the swabs; the suspects compared are excluded.',
  PROFILE_NO_REFERENCE: 'A male DNA profile was obtained from the swabs; no reference sample has been received for comparison.',
  NO_PROFILE: 'No foreign DNA profile could be obtained: the material was insufficient or degraded.',
  NOT_TESTED: 'No samples were submitted for DNA analysis.',
};

/** The synthetic counsellor's note of a seeded session, by its kind (the world records no notes). */
const SEEDED_NOTES: Record<CounsellingKind, string> = {
  PSYCHOLOGICAL: 'Synthetic note: supportive session; coping and sleep discussed; next session agreed.',
  TRAUMA_FOCUSED: 'Synthetic note: trauma-focused session; grounding exercises practised; no immediate risk noted.',
  LEGAL_ORIENTATION: 'Synthetic note: the steps of the investigation and the trial explained; questions answered.',
  FAMILY: 'Synthetic note: session with the family; ways to support the survivor at home discussed.',
};
