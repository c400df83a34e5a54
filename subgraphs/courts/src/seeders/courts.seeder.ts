import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { BatchWriter } from '#synthetic-world';
import type { SeedContext } from '#storage';
import {
  DISTRICTS_BY_CODE,
  PROSECUTORS,
  SPECIAL_COURTS,
  type SuspectFacts,
  caseCount,
  generateCases,
  type TrialFacts,
} from '#synthetic-world';
import { ChargeSchema } from '../entities/charge.entity.ts';
import { ConvictionSchema } from '../entities/conviction.entity.ts';
import { HearingSchema } from '../entities/hearing.entity.ts';
import { ProsecutorSchema } from '../entities/prosecutor.entity.ts';
import { SpecialCourtSchema } from '../entities/special-court.entity.ts';
import { TrialSchema } from '../entities/trial.entity.ts';
import { TrialAccusedSchema } from '../entities/trial-accused.entity.ts';

/** Rows per multi-row INSERT: the widest table (conviction, 11 columns) stays far below PostgreSQL's 65,535 parameters. */
const BATCH_ROWS = 4_000;
const PROGRESS_EVERY_CASES = 100_000;

/**
 * SYNTHETIC seed: the special courts and prosecutors of the world's geography,
 * then, streaming over the world's cases, the trial facts of every case that
 * has reached a special court (trial, charges, hearings, verdict, convictions).
 */
export class CourtsSeeder extends Seeder<SeedContext> {
  async run(em: EntityManager, { scale, logger }: SeedContext): Promise<void> {
    const writer = new BatchWriter(em, BATCH_ROWS);
    for (const court of SPECIAL_COURTS) {
      await writer.add(SpecialCourtSchema, {
        id: court.id,
        code: court.districtCode,
        name: court.name,
        judge: court.judge,
        district: court.district,
        province: court.province,
      });
    }
    for (const prosecutor of PROSECUTORS) {
      const district = DISTRICTS_BY_CODE.get(prosecutor.districtCode);
      if (!district) throw new Error(`prosecutor ${prosecutor.id} is in unknown district ${prosecutor.districtCode}`);
      await writer.add(ProsecutorSchema, {
        id: prosecutor.id,
        name: prosecutor.name,
        office: prosecutor.office,
        district: district.name,
        province: district.province,
      });
    }

    const cases = caseCount(scale);
    for (const facts of generateCases(scale)) {
      if (facts.trial) await addTrial(writer, facts.trial, facts.supportAdviserId, facts.suspects);
      if ((facts.index + 1) % PROGRESS_EVERY_CASES === 0) logger?.info({ cases: facts.index + 1, of: cases }, 'courts seed progress');
    }
    const rows = await writer.flush();
    logger?.info({ rows }, 'courts seeded');
  }
}

async function addTrial(
  writer: BatchWriter,
  trial: TrialFacts,
  supportAdviserId: string | null,
  suspects: readonly SuspectFacts[],
): Promise<void> {
  await writer.add(TrialSchema, {
    id: trial.id,
    caseId: trial.caseId,
    caseNumber: trial.caseNumber,
    court: trial.courtId,
    prosecutor: trial.prosecutorId,
    supportAdviserId,
    province: trial.province,
    district: trial.district,
    status: trial.status,
    filedAt: trial.filedAt,
    decidedAt: trial.verdict?.decidedAt ?? null,
    verdictOutcome: trial.verdict?.outcome ?? null,
    version: 1,
  });
  // The accused as the charge sheet named them (as ChargeSheetFiled brings them for a trial it opens), so a
  // verdict recorded on a seeded trial takes each convict's CNIC on to the register.
  for (const suspect of suspects.filter((s) => s.accused)) {
    await writer.add(TrialAccusedSchema, {
      trial: trial.id,
      suspectPosition: suspect.position,
      suspectId: suspect.id,
      name: suspect.name,
      cnic: suspect.cnic,
    });
  }
  for (const [position, charge] of trial.charges.entries()) {
    await writer.add(ChargeSchema, {
      trial: trial.id,
      position,
      offenceSection: charge.offenceSection,
      framedAt: charge.framedAt,
      accusedName: charge.accusedName,
      suspectPosition: charge.suspectPosition,
    });
  }
  for (const hearing of trial.hearings) {
    await writer.add(HearingSchema, {
      id: hearing.id,
      trial: trial.id,
      scheduledFor: hearing.scheduledFor,
      purpose: hearing.purpose,
      outcome: hearing.outcome,
      adjournmentReason: hearing.adjournmentReason,
      inCamera: hearing.inCamera,
    });
  }
  for (const conviction of trial.verdict?.convictions ?? []) {
    await writer.add(ConvictionSchema, {
      id: conviction.id,
      trial: trial.id,
      offenderId: conviction.offenderId,
      suspectPosition: conviction.suspectPosition,
      offenceSection: conviction.offenceSection,
      convictedAt: conviction.convictedAt,
      sentenceDescription: conviction.sentence.description,
      imprisonmentYears: conviction.sentence.imprisonmentYears,
      lifeImprisonment: conviction.sentence.lifeImprisonment,
      death: conviction.sentence.death,
      fineRupees: conviction.sentence.fineRupees,
      appealOutcome: null,
      appealDecidedAt: null,
      appealReference: null,
      appealCourtId: null,
    });
  }
}
