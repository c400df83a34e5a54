/** Shift arithmetic for "who is on duty now", in Pakistan Standard Time (UTC+5, no daylight saving). */

const PKT_OFFSET_MINUTES = 5 * 60;

/** 'HH:MM' of the given instant in Pakistan. */
export function pakistanTimeOfDay(instant: Date): string {
  const minutes = (instant.getUTCHours() * 60 + instant.getUTCMinutes() + PKT_OFFSET_MINUTES) % (24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Whether a shift from `start` to `end` ('HH:MM'; a night shift ends after midnight) covers `time`. */
export function isOnShiftAt(start: string, end: string, time: string): boolean {
  return start <= end ? start <= time && time < end : time >= start || time < end;
}
