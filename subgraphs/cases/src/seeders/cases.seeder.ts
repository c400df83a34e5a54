import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import { caseCount, CRISIS_CELLS, generateCases, type CaseFacts } from '#synthetic-world';
import { CaseAssignmentSchema } from '../entities/case-assignment.entity.ts';
import { CaseSchema } from '../entities/case.entity.ts';
import { CrisisCellCodeSchema } from '../entities/crisis-cell-code.entity.ts';
import { CounsellingSessionSchema } from '../entities/counselling-session.entity.ts';
import { CustodyTransferSchema } from '../entities/custody-transfer.entity.ts';
import { EvidenceItemSchema } from '../entities/evidence-item.entity.ts';
import { FirSchema } from '../entities/fir.entity.ts';
import { InvestigationSchema } from '../entities/investigation.entity.ts';
import { MedicoLegalExamSchema } from '../entities/medico-legal-exam.entity.ts';
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

  if (facts.medicoLegalExam) await writer.add(MedicoLegalExamSchema, { case: caseId, ...facts.medicoLegalExam });

  if (facts.fir) await writer.add(FirSchema, { case: caseId, ...facts.fir });

  const { investigation } = facts;
  if (investigation) {
    await writer.add(InvestigationSchema, { case: caseId, ...investigation });
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'SSOIU', assigneeId: investigation.investigatingOfficerId });
  }
  if (facts.trial) {
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'PROSECUTION', assigneeId: facts.trial.prosecutorId });
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'COURT', assigneeId: facts.trial.courtId });
  }
  if (facts.supportAdviserId) {
    await writer.add(CaseAssignmentSchema, { case: caseId, agency: 'SUPPORT_ADVISER', assigneeId: facts.supportAdviserId });
  }

  for (const { custody, ...item } of facts.evidence) {
    // Flagged as a hand-over through the graph flags it: some link of its chain found the seal broken.
    await writer.add(EvidenceItemSchema, { ...item, case: caseId, sealBroken: custody.some((transfer) => !transfer.sealIntact) });
    for (const [position, transfer] of custody.entries()) {
      await writer.add(CustodyTransferSchema, { evidenceItem: item.id, position, ...transfer });
    }
  }

  for (const session of facts.counsellingSessions) await writer.add(CounsellingSessionSchema, { ...session, case: caseId });

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
