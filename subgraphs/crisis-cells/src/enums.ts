/** Enum values stored in this subgraph's tables, each list equal to the SDL enum of the same name (tested). */
export { PROVINCES as PROVINCE_VALUES } from '../../kit/src/auth/viewer.ts';

export const CELL_SERVICE_VALUES = [
  'MEDICAL_TREATMENT',
  'MEDICO_LEGAL_EXAMINATION',
  'FORENSIC_EVIDENCE_COLLECTION',
  'PSYCHOLOGICAL_COUNSELLING',
  'LEGAL_AID',
  'POLICE_REPORTING',
  'SHELTER_REFERRAL',
  'CHILD_PROTECTION',
] as const;

export const STAFF_ROLE_VALUES = [
  'MEDICO_LEGAL_OFFICER',
  'GYNAECOLOGIST',
  'NURSE',
  'COUNSELLOR',
  'LEGAL_ADVISER',
  'POLICE_LIAISON_OFFICER',
  'CASE_COORDINATOR',
] as const;

export type CellServiceValue = (typeof CELL_SERVICE_VALUES)[number];
