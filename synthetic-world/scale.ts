// Size of the SYNTHETIC world for a seed scale (1 = the default demo size).

export const CASES_PER_SCALE = 2000;
export const HISTORICAL_OFFENDERS_PER_SCALE = 100;

/** At most this many suspects per case: conviction-derived register numbers rely on it. */
export const MAX_SUSPECTS_PER_CASE = 2;

function assertScale(scale: number): void {
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
}

export function caseCount(scale: number): number {
  assertScale(scale);
  return Math.max(1, Math.round(CASES_PER_SCALE * scale));
}

export function historicalOffenderCount(scale: number): number {
  assertScale(scale);
  return Math.max(1, Math.round(HISTORICAL_OFFENDERS_PER_SCALE * scale));
}

export function assertIndex(what: string, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${what} index ${index} is outside 0..${count - 1}`);
  }
}
