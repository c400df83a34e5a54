/**
 * The domain's vocabulary: every enum the graph stores or serves, as the
 * values its GraphQL enum of the same name declares (synthetic/world.test.ts
 * checks each list against the SDL). Entities build check constraints from
 * these lists, so a value the schema does not know can never be stored.
 */

export const PROVINCES = [
  'PUNJAB',
  'SINDH',
  'KHYBER_PAKHTUNKHWA',
  'BALOCHISTAN',
  'ISLAMABAD_CAPITAL_TERRITORY',
  'GILGIT_BALTISTAN',
  'AZAD_JAMMU_KASHMIR',
] as const;
export type Province = (typeof PROVINCES)[number];

export const CELL_SERVICES = [
  'MEDICAL_TREATMENT',
  'MEDICO_LEGAL_EXAMINATION',
  'FORENSIC_EVIDENCE_COLLECTION',
  'PSYCHOLOGICAL_COUNSELLING',
  'LEGAL_AID',
  'POLICE_REPORTING',
  'SHELTER_REFERRAL',
  'CHILD_PROTECTION',
] as const;
export type CellService = (typeof CELL_SERVICES)[number];

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

export const EVIDENCE_KINDS = ['DNA_SWAB', 'CLOTHING', 'BLOOD_SAMPLE', 'PHOTOGRAPH', 'DIGITAL_DEVICE', 'CCTV_FOOTAGE', 'DOCUMENT'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const LAB_STATUSES = ['NOT_SENT', 'AWAITING_ANALYSIS', 'ANALYSED', 'INCONCLUSIVE', 'DEGRADED'] as const;
export type LabStatus = (typeof LAB_STATUSES)[number];

export const COUNSELLING_KINDS = ['PSYCHOLOGICAL', 'TRAUMA_FOCUSED', 'LEGAL_ORIENTATION', 'FAMILY'] as const;
export type CounsellingKind = (typeof COUNSELLING_KINDS)[number];

export const INVESTIGATION_STATUSES = ['OPEN', 'CHARGE_SHEET_FILED', 'CLOSED_UNTRACED', 'CLOSED_INSUFFICIENT_EVIDENCE'] as const;
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number];

export const SUSPECT_STATUSES = ['AT_LARGE', 'ARRESTED', 'ON_BAIL', 'DISCHARGED', 'CHARGED'] as const;
export type SuspectStatus = (typeof SUSPECT_STATUSES)[number];

export const TRIAL_STATUSES = ['CHARGE_FRAMED', 'PROSECUTION_EVIDENCE', 'DEFENCE_EVIDENCE', 'ARGUMENTS', 'DECIDED', 'TRANSFERRED'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

export const HEARING_OUTCOMES = ['SCHEDULED', 'HELD', 'ADJOURNED'] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];

export const VERDICT_OUTCOMES = ['CONVICTED', 'ACQUITTED', 'PARTLY_CONVICTED', 'COMPROMISE_REJECTED_CONVICTED'] as const;
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

/** Whether a sensitive read was answered or refused, as the audit trail records it. */
/**
 * ALLOWED and DENIED: a sensitive read answered or refused. DONE, REFUSED and
 * INVALID: a mutation that changed what it was asked to, one refused (the row
 * not found or out of reach, a stale version, a conflict, an illegal step) and
 * one whose input was invalid; the last two changed nothing.
 */
export const AUDIT_OUTCOMES = ['ALLOWED', 'DENIED', 'DONE', 'REFUSED', 'INVALID'] as const;
/** The outcomes of reads alone: the trail of a subgraph that serves no mutation admits only these. */
export const READ_AUDIT_OUTCOMES = ['ALLOWED', 'DENIED'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * The agencies whose people can be assigned to a case (the ASSIGNED row rule):
 * the investigating officer, the prosecutor, the special court and the
 * survivor's support adviser. A subset of Agency, so not an SDL enum of its own.
 */
export const ASSIGNED_AGENCIES = ['SSOIU', 'PROSECUTION', 'COURT', 'SUPPORT_ADVISER'] as const satisfies readonly Agency[];
export type AssignedAgency = (typeof ASSIGNED_AGENCIES)[number];
