/** Shift arithmetic for "who is on duty now", in Pakistan Standard Time (UTC+5, no daylight saving). */

/** Whether a shift from `start` to `end` ('HH:MM'; a night shift ends after midnight) covers `time`. */
export function isOnShiftAt(start: string, end: string, time: string): boolean {
  return start <= end ? start <= time && time < end : time >= start || time < end;
}
