export { AGENCIES, type Agency, ASSIGNED_AGENCIES, type AssignedAgency, AUDIT_OUTCOMES, type AuditOutcome, CASE_STATUSES, type CaseStatus, CELL_SERVICES, type CellService, COMPLIANCE_STATUSES, type ComplianceStatus, COUNSELLING_KINDS, type CounsellingKind, EVIDENCE_KINDS, type EvidenceKind, HEARING_OUTCOMES, type HearingOutcome, INVESTIGATION_STATUSES, type InvestigationStatus, LAB_STATUSES, type LabStatus, NOTIFICATION_KINDS, type NotificationKind, OFFENCE_CATEGORIES, type OffenceCategory, type Province, PROVINCES, READ_AUDIT_OUTCOMES, RISK_TIERS, type RiskTier, STAFF_ROLES, type StaffRole, SUSPECT_STATUSES, type SuspectStatus, TRIAL_STATUSES, type TrialStatus, VERDICT_OUTCOMES, type VerdictOutcome } from './enums.ts';
export { CNIC_PATTERN, isCnic, isUuid, uuidsOnly } from './ids.ts';
export { DAY_MS, HOUR_MS, MINUTE_MS, pakistanDate, pakistanTimeOfDay, PKT_OFFSET_MS, wholeDaysBetween } from './pakistan-time.ts';
export {
  DISTRICTS,
  DISTRICTS_BY_CODE,
  DISTRICTS_BY_NAME,
  districtByCode,
  POLICE_STATIONS,
  PROVINCE_CODES,
  type District,
} from './districts.ts';
export { ATTEMPT_SECTION, SCHEDULED_OFFENCES, scheduledOffenceOf, type ScheduledOffence } from './offence-sections.ts';
