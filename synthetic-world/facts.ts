// The shapes of the SYNTHETIC world every seeder inserts its own part of. The enum unions spell
// the GraphQL enum values exactly (world.test.ts checks them against the SDL).

import type {
  CaseStatus,
  CellService,
  ComplianceStatus,
  CounsellingKind,
  EvidenceKind,
  HearingOutcome,
  InvestigationStatus,
  LabStatus,
  NotificationKind,
  OffenceCategory,
  Province,
  RiskTier,
  StaffRole,
  SuspectStatus,
  TrialStatus,
  VerdictOutcome,
} from '#reference-data';

export * from '#reference-data';

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
  /** When the police found the registrant had absconded; null unless they have. */
  abscondedAt: Date | null;
  compliance: ComplianceFacts;
  /** Where the entry comes from: before the system, or a conviction in the seeded trials. */
  source: OffenderSource;
}

type OffenderSource =
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
  /** YYYY-MM-DD: the day the change took effect or of departure; null for a periodic verification. */
  occursOn: string | null;
  verifiedAt: Date | null;
}

/**
 * What the registrant's history was made to come to on the anchor (SEED_ANCHOR), by the register's
 * rules at their default settings. The register does not store it: the offenders subgraph derives
 * compliance from the notifications, verifications and absconding, and its tests check it agrees.
 */
export interface ComplianceFacts {
  status: ComplianceStatus;
  /** The latest periodic verification's `verifiedAt`. */
  lastVerifiedAt: Date | null;
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

// ---------------------------------------------------------------------------------------------
// Crisis-cell visits (owned by the crisis-cells subgraph): no survivor, no case, only what was given

export interface CellVisitFacts {
  id: string;
  cellId: string;
  arrivedAt: Date;
  childSurvivor: boolean;
  /** In CELL_SERVICES order, only services the cell offers. */
  services: CellService[];
}
