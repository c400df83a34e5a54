export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (0 when `to` is earlier). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}
