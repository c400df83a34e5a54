/**
 * The register's compliance: its rules (rules.ts), the settings that set their
 * limits, the same judgement as search conditions (where.ts), and what the
 * write path calls when it records an event (refresh.ts).
 */
export { daysBetween, plusDays, plusMonths } from './calendar.ts';
export {
  assessCompliance,
  complianceRecord,
  complianceStatus,
  judged,
  notificationDeadline,
  type ComplianceEntry,
  type ComplianceEvent,
  type ComplianceRecord,
} from './rules.ts';
export { complianceSettingsFromEnv, DEFAULT_COMPLIANCE_SETTINGS, type ComplianceSettings } from './settings.ts';
export { statusSql, statusWhere, verificationDueWithin } from './where.ts';
export { refreshCompliance } from './refresh.ts';
