/** Time as the agencies read it: Pakistan Standard Time, UTC+5 all year (no daylight saving). */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const PKT_OFFSET_MS = 5 * HOUR_MS;

/** The calendar date in Pakistan at an instant, 'YYYY-MM-DD'. */
export function pakistanDate(instant: Date): string {
  return new Date(instant.getTime() + PKT_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Pakistan at an instant: what a case reference, a trial number or a register number is numbered in. */
export function pakistanYear(instant: Date): number {
  return new Date(instant.getTime() + PKT_OFFSET_MS).getUTCFullYear();
}

/** The time of day in Pakistan at an instant, 'HH:MM'. */
export function pakistanTimeOfDay(instant: Date): string {
  return new Date(instant.getTime() + PKT_OFFSET_MS).toISOString().slice(11, 16);
}

/** Whole days from `from` to `to` (0 when `to` is earlier). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}
