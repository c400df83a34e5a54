/** Calendar days as the rules count them: Pakistan dates, 'YYYY-MM-DD', compared as strings. */
import { DAY_MS, pakistanDate } from '#reference-data';

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a date: "${date}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const format = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

/** The day in Pakistan at an instant. */
export const dayOf = (instant: Date): IsoDate => pakistanDate(instant);

export function plusDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = parts(date);
  return format(Date.UTC(year, month - 1, day) + days * DAY_MS);
}

/** The same day `months` later; a day the month lacks is its last day (31 January + 1 month = 28 or 29 February). */
export function plusMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = parts(date);
  const target = Date.UTC(year, month - 1 + months, 1);
  const lastDay = new Date(Date.UTC(year, month + months, 0)).getUTCDate();
  return format(target + (Math.min(day, lastDay) - 1) * DAY_MS);
}

/** Whole days from `from` to `to`: negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}
