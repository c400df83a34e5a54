// The SYNTHETIC seed world shared by every subgraph's seeder. All data is made up.

export * from './facts.ts';
export {
  SEED_ANCHOR,
  CASES_PER_SCALE,
  HISTORICAL_OFFENDERS_PER_SCALE,
  caseCount,
  historicalOffenderCount,
  caseId,
  generateCase,
  generateCases,
  generateHistoricalOffender,
  generateCellStaff,
  registerEntries,
  registerRecords,
  type RegisterConvictionFacts,
  type RegisterRecord,
} from './world.ts';
export { historicalOffenderId, convictedOffenderId } from './register.ts';
export { cellVisitOf } from './visits.ts';
export { LIFE_REGISTRATION_ENDS } from './clock.ts';
export { MAX_SUSPECTS_PER_CASE } from './scale.ts';
export {
  PROVINCES,
  PROVINCE_CODES,
  CELL_SERVICES,
  DISTRICTS,
  DISTRICTS_BY_CODE,
  POLICE_STATIONS,
  FORENSIC_LABS,
  CRISIS_CELLS,
  CRISIS_CELLS_BY_ID,
  CRISIS_CELLS_BY_CODE,
  CRISIS_CELLS_BY_PROVINCE,
  DISTRICT_OFFICIALS,
  SPECIAL_COURTS,
  PROSECUTORS,
  SUPPORT_ADVISERS_BY_PROVINCE,
  districtByCode,
  officialsOfDistrict,
} from './geography.ts';
export type { District, CrisisCellSite } from './geography.ts';
export { cnicFor } from './names.ts';
export type { Sex } from './names.ts';
export { rngFor, syntheticUuid, Rng } from './random.ts';

export { BatchWriter } from './seeding/batch-writer.ts';
