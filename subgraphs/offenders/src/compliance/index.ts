/**
 * The register's compliance: its rules (rules.ts) and the settings that set
 * their limits.
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
