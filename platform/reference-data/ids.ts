/**
 * Every row id in this graph is a UUID. A string that is not one cannot name a
 * row, so lookups answer null for it without asking the database (a uuid
 * column would otherwise fail the whole statement).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** NNNNN-NNNNNNN-N, the national identity card number. */
export const CNIC_PATTERN = /^\d{5}-\d{7}-\d$/;

export const isCnic = (value: unknown): value is string => typeof value === 'string' && CNIC_PATTERN.test(value);

/** The keys worth asking the database for. */
export const uuidsOnly = (keys: readonly string[]): string[] => keys.filter(isUuid);

/**
 * The numbers this graph gives out, as their lookups accept them (letters in
 * either case; the number may outgrow its padding): a case reference
 * (ARCC-LHR1-2026-000123 from a crisis cell, PS-SKP-2026-000124 from a police
 * station), a sessions case number (SC-LHR-2026-0042), a register number
 * (NSOR-PB-2026-000123).
 */
const CASE_REFERENCE = /^(ARCC|PS)-[A-Z0-9]{2,8}-\d{4}-\d{6,9}$/i;
const TRIAL_CASE_NUMBER = /^SC-[A-Z0-9]{2,8}-\d{4}-\d{4,9}$/i;
const REGISTER_NUMBER = /^NSOR-[A-Z]{2}-\d{4}-\d{6,9}$/i;

export const isCaseReference = (value: unknown): value is string => typeof value === 'string' && CASE_REFERENCE.test(value);
export const isTrialCaseNumber = (value: unknown): value is string => typeof value === 'string' && TRIAL_CASE_NUMBER.test(value);
export const isRegisterNumber = (value: unknown): value is string => typeof value === 'string' && REGISTER_NUMBER.test(value);

/** The longest number another agency gives out that a lookup takes (an FIR's, as the police write it). */
export const MAX_KEY_LENGTH = 64;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A number written by another agency (an FIR's): 1 to 64 characters, not blank, no control characters. */
export const isWrittenNumber = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_KEY_LENGTH && !CONTROL.test(value);
