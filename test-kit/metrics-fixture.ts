/**
 * A small, fixed data set for the committee dashboard's tests (not the random
 * seed), small enough to count by hand. All of it in 2025, Pakistan time.
 *
 * Karachi South (Sindh), the only district of Sindh with data, so Sindh's
 * figures are Karachi South's and every one of them is 0 or at least 5:
 *   - 10 cases reported in February: 5 RAPE, 5 GANG_RAPE; the 5 gang rapes have
 *     child survivors. All 10 examined, at 2, 3, 4, 5, 6 hours (within the 6-hour
 *     target) and 7, 8, 9, 30, 40 hours. The 5 rapes have no FIR; the 5 gang rapes
 *     have an FIR, a charge sheet 10, 20, 30, 40, 50 days after the report, a trial
 *     and a conviction.
 *   - 10 trials filed in February: 5 decided (all convictions) 50, 60, 70, 80 and
 *     100 days after filing, 5 pending. Their hearings in March: 10 held,
 *     5 adjourned, 5 still to come.
 *   - 10 register entries registered in April, 5 compliant and 5 overdue, all
 *     running; 10 notifications in May: 5 changes of address, 5 periodic verifications.
 * Punjab, for the differencing rule: 20 cases in Lahore and 2 in Faisalabad in
 * January (all RAPE, adults, examined within 2 hours, no FIR).
 */
import type { EntityManager } from '@mikro-orm/core';
import { CaseSchema } from '../subgraphs/cases/src/entities/case.entity.ts';
import { FirSchema } from '../subgraphs/cases/src/entities/fir.entity.ts';
import { InvestigationSchema } from '../subgraphs/cases/src/entities/investigation.entity.ts';
import { MedicoLegalExamSchema } from '../subgraphs/cases/src/entities/medico-legal-exam.entity.ts';
import { HearingSchema } from '../subgraphs/courts/src/entities/hearing.entity.ts';
import { ProsecutorSchema } from '../subgraphs/courts/src/entities/prosecutor.entity.ts';
import { SpecialCourtSchema } from '../subgraphs/courts/src/entities/special-court.entity.ts';
import { TrialSchema } from '../subgraphs/courts/src/entities/trial.entity.ts';
import { OffenderSchema } from '../subgraphs/offenders/src/entities/offender.entity.ts';
import { RegistrantNotificationSchema } from '../subgraphs/offenders/src/entities/registrant-notification.entity.ts';
import type { Province } from '#reference-data';
import type { RunningStack } from './stack.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Noon in Pakistan (07:00 UTC) on a day of 2025. */
const at = (month: number, day: number) => new Date(Date.UTC(2025, month - 1, day, 7));
const plus = (instant: Date, ms: number) => new Date(instant.getTime() + ms);
const uuid = (group: number, n: number) => `00000000-0000-4000-8000-${String(group).padStart(4, '0')}${String(n).padStart(8, '0')}`;

export const FIXTURE = {
  karachiSouthCases: 10,
  examHours: [2, 3, 4, 5, 6, 7, 8, 9, 30, 40],
  chargeSheetDays: [10, 20, 30, 40, 50],
  verdictDays: [50, 60, 70, 80, 100],
} as const;

interface CaseRow {
  n: number;
  province: Province;
  district: string;
  reportedAt: Date;
  category: 'RAPE' | 'GANG_RAPE';
  child: boolean;
  examHours: number;
  /** Days from the report to the charge sheet; the case then has an FIR, a trial and a conviction. */
  chargedAfterDays: number | null;
}

function caseRows(): CaseRow[] {
  const karachi = FIXTURE.examHours.map(
    (examHours, i): CaseRow => ({
      n: i + 1,
      province: 'SINDH',
      district: 'Karachi South',
      reportedAt: at(2, 3 + i),
      category: i < 5 ? 'RAPE' : 'GANG_RAPE',
      child: i >= 5,
      examHours,
      chargedAfterDays: i < 5 ? null : FIXTURE.chargeSheetDays[i - 5]!,
    }),
  );
  const punjab = [
    ...Array.from({ length: 20 }, (_, i) => ({ district: 'Lahore', day: 2 + (i % 20) })),
    ...Array.from({ length: 2 }, (_, i) => ({ district: 'Faisalabad', day: 10 + i })),
  ].map(
    ({ district, day }, i): CaseRow => ({
      n: 100 + i,
      province: 'PUNJAB',
      district,
      reportedAt: at(1, day),
      category: 'RAPE',
      child: false,
      examHours: 2,
      chargedAfterDays: null,
    }),
  );
  return [...karachi, ...punjab];
}

async function loadCases(em: EntityManager): Promise<void> {
  for (const row of caseRows()) {
    const id = uuid(1, row.n);
    const charged = row.chargedAfterDays !== null;
    em.create(CaseSchema, {
      id,
      reference: `FIXTURE-${row.n}`,
      reportedAt: row.reportedAt,
      category: row.category,
      offenceSections: ['PPC 376(1)'],
      status: charged ? 'DECIDED' : 'REPORTED',
      province: row.province,
      district: row.district,
      crisisCellId: null,
      childSurvivor: row.child,
      hasFir: charged,
      verdictOutcome: charged ? 'CONVICTED' : null,
    });
    em.create(MedicoLegalExamSchema, {
      case: id,
      examinedAt: plus(row.reportedAt, row.examHours * HOUR_MS),
      hoursAfterReport: row.examHours,
      examinerName: 'Dr. Fixture',
      dnaSamplesTaken: true,
      forensicReportAt: null,
      findingsSummary: 'fixture',
    });
    if (charged) {
      em.create(FirSchema, {
        case: id,
        number: `FIR-${row.n}/2025-PS Fixture`,
        registeredAt: plus(row.reportedAt, DAY_MS),
        policeStation: 'PS Fixture',
        district: row.district,
        sections: ['PPC 376(1)'],
      });
      em.create(InvestigationSchema, {
        case: id,
        unitId: uuid(2, 1),
        unitName: 'SSOIU Fixture',
        investigatingOfficerId: uuid(2, 2),
        investigatingOfficer: 'Inspector Fixture',
        openedAt: plus(row.reportedAt, DAY_MS),
        status: 'CHARGE_SHEET_FILED',
        chargeSheetFiledAt: plus(row.reportedAt, row.chargedAfterDays! * DAY_MS),
      });
    }
  }
  await em.flush();
}

async function loadCourts(em: EntityManager): Promise<void> {
  const court = em.create(SpecialCourtSchema, {
    id: uuid(3, 1),
    code: 'FIX1',
    name: 'Special Court Fixture',
    judge: 'Justice Fixture',
    district: 'Karachi South',
    province: 'SINDH',
  });
  const prosecutor = em.create(ProsecutorSchema, {
    id: uuid(3, 2),
    name: 'Prosecutor Fixture',
    office: 'Fixture',
    district: 'Karachi South',
    province: 'SINDH',
  });
  for (let i = 0; i < 10; i++) {
    const filedAt = at(2, 5 + i);
    const decided = i < 5;
    const trial = em.create(TrialSchema, {
      id: uuid(4, i + 1),
      caseId: uuid(5, i + 1),
      caseNumber: `SC-FIX-2025-${String(i + 1).padStart(4, '0')}`,
      court,
      prosecutor,
      supportAdviserId: null,
      province: 'SINDH',
      district: 'Karachi South',
      status: decided ? 'DECIDED' : 'PROSECUTION_EVIDENCE',
      filedAt,
      decidedAt: decided ? plus(filedAt, FIXTURE.verdictDays[i]! * DAY_MS) : null,
      verdictOutcome: decided ? 'CONVICTED' : null,
    });
    // Two hearings a trial in March: 10 held, 5 adjourned, 5 to come.
    for (const [j, outcome] of (['HELD', i < 5 ? 'ADJOURNED' : 'SCHEDULED'] as const).entries()) {
      em.create(HearingSchema, {
        id: uuid(6, 10 * i + j + 1),
        trial,
        scheduledFor: at(3, 2 + 10 * j + i),
        purpose: 'fixture',
        outcome: j === 0 ? 'HELD' : outcome,
        adjournmentReason: outcome === 'ADJOURNED' ? 'fixture' : null,
        inCamera: true,
      });
    }
  }
  await em.flush();
}

async function loadRegister(em: EntityManager): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const offender = em.create(OffenderSchema, {
      id: uuid(7, i + 1),
      registerNumber: `NSOR-SD-2025-${String(i + 1).padStart(6, '0')}`,
      fullName: `Registrant Fixture ${i + 1}`,
      aliases: [],
      cnic: `42201-${String(1_000_000 + i).padStart(7, '0')}-1`,
      dateOfBirth: '1980-01-01',
      addressLine1: 'Fixture Street',
      addressCity: 'Karachi',
      addressDistrict: 'Karachi South',
      addressProvince: 'SINDH',
      province: 'SINDH',
      district: 'Karachi South',
      registeredAt: at(4, 2 + i),
      registrationEndsAt: '2099-12-31',
      riskTier: 'MEDIUM',
      complianceStatus: i < 5 ? 'COMPLIANT' : 'VERIFICATION_OVERDUE',
      lastVerifiedAt: null,
      nextVerificationDue: '2026-04-01',
      missedNotifications: 0,
    });
    em.create(RegistrantNotificationSchema, {
      id: uuid(8, i + 1),
      offender,
      kind: i < 5 ? 'CHANGE_OF_ADDRESS' : 'PERIODIC_VERIFICATION',
      submittedAt: at(5, 2 + i),
      details: 'fixture',
      verifiedAt: null,
    });
  }
  await em.flush();
}

/** Loads the fixed data set into a stack started with `seed: 'none'`. */
export async function loadMetricsFixture(stack: RunningStack): Promise<void> {
  await loadCases(stack.subgraphs.cases.database.fork());
  await loadCourts(stack.subgraphs.courts.database.fork());
  await loadRegister(stack.subgraphs.offenders.database.fork());
}
