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
