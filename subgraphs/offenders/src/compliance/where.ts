/**
 * The rules' judgement (`complianceStatus`) as conditions on the stored
 * columns, so a search by compliance reads indexes: each status is a range of
 * the due dates or of the absconding, on the day the search runs.
 */
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { ComplianceStatus } from '#reference-data';
import type { Offender } from '../entities/offender.entity.ts';
import { plusDays, type IsoDate } from './calendar.ts';

type Where = FilterQuery<Offender>;

const present: Where = { abscondedAt: null };
/** No missed deadline, or one not yet passed. */
const noDeadlinePassed = (today: IsoDate): Where => ({ $or: [{ missedDeadline: null }, { missedDeadline: { $gte: today } }] });

const STATUS_WHERE: Record<ComplianceStatus, (today: IsoDate) => Where> = {
  ABSCONDED: () => ({ abscondedAt: { $ne: null } }),
  NON_COMPLIANT: (today) => ({ ...present, missedDeadline: { $lt: today } }),
  VERIFICATION_OVERDUE: (today) => ({
    $and: [present, noDeadlinePassed(today), { nextVerificationDue: { $lt: today }, registrationEndsAt: { $gte: today } }],
  }),
  COMPLIANT: (today) => ({
    $and: [present, noDeadlinePassed(today), { $or: [{ nextVerificationDue: { $gte: today } }, { registrationEndsAt: { $lt: today } }] }],
  }),
};

/** Entries whose status on `today` is one of `statuses`. */
export function statusWhere(statuses: readonly ComplianceStatus[], today: IsoDate): Where {
  const each = [...new Set(statuses)].map((status) => STATUS_WHERE[status](today));
  return each.length === 1 ? each[0]! : { $or: each };
}

/**
 * Entries whose next in-person verification falls due from `today` to `days`
 * days later, while their registration still runs on that day (none is owed after it).
 */
export function verificationDueWithin(days: number, today: IsoDate): Where {
  return {
    nextVerificationDue: { $gte: today, $lte: plusDays(today, days) },
    [raw((alias) => `(${alias}.next_verification_due <= ${alias}.registration_ends_at)`)]: true,
  } as Where;
}

/**
 * The same judgement in SQL, for counts grouped in the database (the
 * committee's figures): each status's condition on the entry aliased `o`,
 * `today` being an SQL expression of the day.
 */
export function statusSql(today: string): Record<ComplianceStatus, string> {
  const present = `o.absconded_at is null`;
  const noDeadlinePassed = `(o.missed_deadline is null or o.missed_deadline >= ${today})`;
  return {
    ABSCONDED: `o.absconded_at is not null`,
    NON_COMPLIANT: `${present} and o.missed_deadline < ${today}`,
    VERIFICATION_OVERDUE: `${present} and ${noDeadlinePassed} and o.next_verification_due < ${today} and o.registration_ends_at >= ${today}`,
    COMPLIANT: `${present} and ${noDeadlinePassed} and (o.next_verification_due >= ${today} or o.registration_ends_at < ${today})`,
  };
}
