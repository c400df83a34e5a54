// The shapes of the SYNTHETIC world every seeder inserts its own part of. The enum unions spell
// the GraphQL enum values exactly (world.test.ts checks them against the SDL).

import type { CellService, Province } from './geography.ts';

export type { CellService, Province };

export const OFFENCE_CATEGORIES = [
  'RAPE',
  'GANG_RAPE',
  'CHILD_SEXUAL_ABUSE',
  'UNNATURAL_OFFENCE',
  'SEXUAL_ABUSE',
  'CHILD_PORNOGRAPHY',
  'TRAFFICKING_FOR_SEXUAL_EXPLOITATION',
  'ONLINE_SEXUAL_HARASSMENT',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

export const CASE_STATUSES = [
  'REPORTED',
  'UNDER_INVESTIGATION',
  'CHARGE_SHEET_FILED',
  'ON_TRIAL',
  'DECIDED',
  'CLOSED_WITHOUT_TRIAL',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const AGENCIES = [
  'ARCC',
  'SSOIU',
  'PROSECUTION',
  'COURT',
  'NPB',
  'NADRA',
  'SUPPORT_ADVISER',
  'SPECIAL_COMMITTEE',
  'AUDITOR',
  'PUBLIC',
] as const;
export type Agency = (typeof AGENCIES)[number];

export const EVIDENCE_KINDS = [
  'DNA_SWAB',
  'CLOTHING',
  'BLOOD_SAMPLE',
  'PHOTOGRAPH',
  'DIGITAL_DEVICE',
  'CCTV_FOOTAGE',
  'DOCUMENT',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const LAB_STATUSES = ['NOT_SENT', 'AWAITING_ANALYSIS', 'ANALYSED', 'INCONCLUSIVE', 'DEGRADED'] as const;
export type LabStatus = (typeof LAB_STATUSES)[number];

export const COUNSELLING_KINDS = ['PSYCHOLOGICAL', 'TRAUMA_FOCUSED', 'LEGAL_ORIENTATION', 'FAMILY'] as const;
export type CounsellingKind = (typeof COUNSELLING_KINDS)[number];

export const INVESTIGATION_STATUSES = [
  'OPEN',
  'CHARGE_SHEET_FILED',
  'CLOSED_UNTRACED',
  'CLOSED_INSUFFICIENT_EVIDENCE',
] as const;
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];

export const SUSPECT_STATUSES = ['AT_LARGE', 'ARRESTED', 'ON_BAIL', 'DISCHARGED', 'CHARGED'] as const;
export type SuspectStatus = (typeof SUSPECT_STATUSES)[number];

export const TRIAL_STATUSES = [
  'CHARGE_FRAMED',
  'PROSECUTION_EVIDENCE',
  'DEFENCE_EVIDENCE',
  'ARGUMENTS',
  'DECIDED',
  'TRANSFERRED',
] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

export const HEARING_OUTCOMES = ['SCHEDULED', 'HELD', 'ADJOURNED'] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];

export const VERDICT_OUTCOMES = [
  'CONVICTED',
  'ACQUITTED',
  'PARTLY_CONVICTED',
  'COMPROMISE_REJECTED_CONVICTED',
] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

export const RISK_TIERS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export const NOTIFICATION_KINDS = [
  'CHANGE_OF_NAME',
  'CHANGE_OF_ADDRESS',
  'DOMESTIC_TRAVEL',
  'INTERNATIONAL_TRAVEL',
  'PERIODIC_VERIFICATION',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const COMPLIANCE_STATUSES = ['COMPLIANT', 'VERIFICATION_OVERDUE', 'NON_COMPLIANT', 'ABSCONDED'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const STAFF_ROLES = [
  'MEDICO_LEGAL_OFFICER',
  'GYNAECOLOGIST',
  'NURSE',
  'COUNSELLOR',
  'LEGAL_ADVISER',
  'POLICE_LIAISON_OFFICER',
  'CASE_COORDINATOR',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

// ---------------------------------------------------------------------------------------------
// Cases (owned by the cases subgraph)

export interface CaseFacts {
  /** The case's position in the world, 0 .. caseCount(scale) - 1. */
  index: number;
  id: string;
  reference: string;
  reportedAt: Date;
  category: OffenceCategory;
  offenceSections: string[];
  status: CaseStatus;
  province: Province;
  /** District name, e.g. "Lahore". */
  district: string;
  districtCode: string;
  /** Null when the case began at a police station. */
  crisisCellId: string | null;
  survivor: SurvivorFacts;
  medicoLegalExam: MedicoLegalExamFacts | null;
  evidence: EvidenceItemFacts[];
  counsellingSessions: CounsellingSessionFacts[];
  fir: FirFacts | null;
  investigation: InvestigationFacts | null;
  suspects: SuspectFacts[];
  supportAdviserId: string | null;
  /** Owned by the courts subgraph; null until a trial is filed. */
  trial: TrialFacts | null;
}

export interface SurvivorFacts {
  pseudonym: string;
  fullName: string;
  /** CNIC, or the B-Form number of a child when one is on file. */
  cnic: string | null;
  contactPhone: string | null;
  ageAtIncident: number | null;
  /** True when the survivor was under 18 (even when the exact age was not recorded). */
  child: boolean;
}

export interface MedicoLegalExamFacts {
  examinedAt: Date;
  hoursAfterReport: number;
  examinerName: string;
  dnaSamplesTaken: boolean;
  forensicReportAt: Date | null;
  findingsSummary: string;
}

export interface EvidenceItemFacts {
  id: string;
  kind: EvidenceKind;
  description: string;
  collectedAt: Date;
  collectedBy: 'ARCC' | 'SSOIU';
  labStatus: LabStatus;
  custody: CustodyTransferFacts[];
}

export interface CustodyTransferFacts {
  at: Date;
  fromHolder: string;
  toHolder: string;
  sealIntact: boolean;
}

export interface CounsellingSessionFacts {
  id: string;
  heldAt: Date;
  kind: CounsellingKind;
  counsellorName: string;
  durationMinutes: number;
}

export interface FirFacts {
  number: string;
  registeredAt: Date;
  policeStation: string;
  district: string;
  sections: string[];
}

export interface InvestigationFacts {
  unitId: string;
  unitName: string;
  investigatingOfficerId: string;
  /** Rank and name of the investigating officer. */
  investigatingOfficer: string;
  openedAt: Date;
  status: InvestigationStatus;
  chargeSheetFiledAt: Date | null;
}

export interface SuspectFacts {
  id: string;
  /** Position in the case's suspect list; part of conviction and offender ids. */
  position: number;
  name: string;
  cnic: string | null;
  status: SuspectStatus;
  arrestedAt: Date | null;
  /** YYYY-MM-DD; carried to the register entry if convicted. */
  dateOfBirth: string;
  /** Named in the charge sheet (and so in the trial's charges). */
  accused: boolean;
  /** Index of the historical register entry when the suspect is already a registered offender. */
  repeatOffenderIndex: number | null;
}

// ---------------------------------------------------------------------------------------------
// Trials (owned by the courts subgraph)

export interface TrialFacts {
  id: string;
  caseId: string;
  caseIndex: number;
  caseNumber: string;
  courtId: string;
  prosecutorId: string;
  province: Province;
  district: string;
  filedAt: Date;
  charges: ChargeFacts[];
  hearings: HearingFacts[];
  status: TrialStatus;
  verdict: VerdictFacts | null;
}

export interface ChargeFacts {
  offenceSection: string;
  framedAt: Date;
  accusedName: string;
  suspectPosition: number;
}

export interface HearingFacts {
  id: string;
  scheduledFor: Date;
  purpose: string;
  outcome: HearingOutcome;
  adjournmentReason: string | null;
  inCamera: boolean;
}

export interface VerdictFacts {
  decidedAt: Date;
  outcome: VerdictOutcome;
  convictions: ConvictionFacts[];
}

export interface ConvictionFacts {
  id: string;
  suspectPosition: number;
  offenceSection: string;
  convictedAt: Date;
  sentence: SentenceFacts;
  /** The register entry's id: a historical entry's for a repeat offender. */
  offenderId: string;
}

export interface SentenceFacts {
  description: string;
  imprisonmentYears: number | null;
  lifeImprisonment: boolean;
  death: boolean;
  fineRupees: number | null;
}

// ---------------------------------------------------------------------------------------------
// Register entries (owned by the offenders subgraph)

export interface OffenderFacts {
  id: string;
  registerNumber: string;
  fullName: string;
  aliases: string[];
  cnic: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  currentAddress: AddressFacts;
  province: Province;
  district: string;
  registeredAt: Date;
  /** YYYY-MM-DD; 2099-12-31 for registration for life. */
  registrationEndsAt: string;
  riskTier: RiskTier;
  notifications: RegistrantNotificationFacts[];
  compliance: ComplianceFacts;
  /** Where the entry comes from: before the system, or a conviction in the seeded trials. */
  source: OffenderSource;
}

export type OffenderSource =
  | { kind: 'historical'; historicalIndex: number }
  | { kind: 'conviction'; caseIndex: number; suspectPosition: number; convictionId: string };

export interface AddressFacts {
  line1: string;
  city: string;
  district: string;
  province: Province;
}

export interface RegistrantNotificationFacts {
  id: string;
  kind: NotificationKind;
  submittedAt: Date;
  details: string;
  verifiedAt: Date | null;
}

export interface ComplianceFacts {
  status: ComplianceStatus;
  lastVerifiedAt: Date | null;
  /** YYYY-MM-DD. */
  nextVerificationDue: string;
  missedNotifications: number;
}

// ---------------------------------------------------------------------------------------------
// Crisis-cell staff (owned by the crisis-cells subgraph)

export interface StaffMemberFacts {
  id: string;
  cellId: string;
  cellCode: string;
  name: string;
  role: StaffRole;
  /** HH:MM, Pakistan Standard Time. */
  shiftStart: string;
  /** HH:MM, Pakistan Standard Time; the night shift ends the next morning. */
  shiftEnd: string;
  phone: string;
}
