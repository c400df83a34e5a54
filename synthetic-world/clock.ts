// Time for the SYNTHETIC world: every date derives from a fixed anchor, never from the clock,
// so the seed is the same whenever and wherever it runs.

import { DAY_MS, HOUR_MS, MINUTE_MS, PKT_OFFSET_MS } from '#reference-data';
import type { Rng } from './random.ts';

/** "Now" for the synthetic world: nothing is reported, filed or decided after this instant. */
export const SEED_ANCHOR = new Date('2026-11-01T00:00:00.000Z');
export const ANCHOR_MS = SEED_ANCHOR.getTime();

export { MINUTE_MS, HOUR_MS, DAY_MS, PKT_OFFSET_MS } from '#reference-data';
export const YEAR_MS = 365.25 * DAY_MS;

/** The far date used for a registration that lasts for life. */
export const LIFE_REGISTRATION_ENDS = '2099-12-31';

export function toMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Year, month (1-12) and day of an instant (UTC), by arithmetic: no Date allocated. */
function civilDate(ms: number): { year: number; month: number; day: number } {
  // Howard Hinnant's days-to-civil algorithm, on the proleptic Gregorian calendar.
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** YYYY-MM-DD of an instant (UTC). */
export function isoDate(ms: number): string {
  const { year, month, day } = civilDate(ms);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function yearOf(ms: number): number {
  return civilDate(ms).year;
}

/** The same calendar day `years` later, as YYYY-MM-DD (29 February rolls to 1 March). */
export function isoDatePlusYears(ms: number, years: number): string {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return isoDate(date.getTime());
}

export function uniformInstant(rng: Rng, fromMs: number, toMs: number): number {
  return toMinute(fromMs + rng.next() * (toMs - fromMs));
}

/**
 * An instant during office hours (09:00-16:00 PKT) on the day of `ms`, for court hearings and
 * other appointments.
 */
export function officeHoursOn(rng: Rng, ms: number): number {
  const pktMidnight = Math.floor((ms + PKT_OFFSET_MS) / DAY_MS) * DAY_MS - PKT_OFFSET_MS;
  return pktMidnight + 9 * HOUR_MS + rng.int(0, 28) * 15 * MINUTE_MS;
}
