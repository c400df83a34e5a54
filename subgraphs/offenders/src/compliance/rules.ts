/**
 * The register's compliance rules: pure functions of an entry, the
 * notifications and verifications recorded on it, the settings and the day.
 *
 * Split in two so the register can be searched by compliance through
 * indexes. `complianceRecord` decides, from the events and the settings alone,
 * the dates duties fall due: it is what the entry stores, recomputed whenever
 * an event is recorded (`refreshCompliance`). `complianceStatus` then judges
 * those dates against the day; `statusWhere` (where.ts) is the same judgement
 * as range conditions on the stored columns. `assessCompliance` is both at once.
 *
 * The rules, each limit a setting (settings.ts):
 *   - In-person verification: the next one falls due the tier's months after
 *     the last one the police verified (the day of `verifiedAt` of the latest
 *     PERIODIC_VERIFICATION), or after registration when there has been none.
 *     The tier is the entry's tier now: a tier changed is counted from the last
 *     verification. A verification that falls due is owed while the
 *     registration runs; none is owed once it has ended.
 *   - Notifications: a change of name or address is due within
 *     `changeNoticeDays` after the day it took effect; travel at least
 *     `domesticTravelNoticeDays` or `internationalTravelNoticeDays` before the
 *     day of departure. A notification made after its deadline is a missed
 *     notification (failing to notify is an offence): it counts in
 *     `missedNotifications` for good, and keeps the registrant NON_COMPLIANT
 *     from the day after the deadline until the police next verify them in
 *     person, on or after the day of that notification. A notification whose
 *     day of change or departure was never recorded (`occursOn` null, as rows
 *     from before the rules had it) has no deadline and is never late.
 *   - Absconding: the police's finding (`abscondedAt`, set by markAbsconded and
 *     cleared by markLocated), never inferred from lateness.
 * Days are Pakistan's calendar days: a duty due today is met today, and late
 * tomorrow.
 */
import type { ComplianceStatus, NotificationKind, RiskTier } from '#reference-data';
import { dayOf, daysBetween, plusDays, plusMonths, type IsoDate } from './calendar.ts';
import type { ComplianceSettings } from './settings.ts';

/** What the rules read of a register entry. */
export interface ComplianceEntry {
  riskTier: RiskTier;
  registeredAt: Date;
  /** YYYY-MM-DD: the last day of the registration. */
  registrationEndsAt: IsoDate;
}

/** A notification (or periodic verification) recorded on the entry, as the rules read it. */
export interface ComplianceEvent {
  kind: NotificationKind;
  /** When the registrant made it. */
  submittedAt: Date;
  /** The day the change took effect (name, address) or of departure (travel); null for a periodic verification, or when never recorded. */
  occursOn?: IsoDate | null;
  /** When the police verified it; for a periodic verification, when the registrant was seen in person. */
  verifiedAt?: Date | null;
}

/** What the entry stores: decided by its events and the settings, whatever the day. */
export interface ComplianceRecord {
  /** The latest in-person verification, if any. */
  lastVerifiedAt: Date | null;
  /** The day by which the next in-person verification is due. */
  nextVerificationDue: IsoDate;
  /** The deadline of the earliest notification made late that the police have not yet dealt with in person; null when none. */
  missedDeadline: IsoDate | null;
  /** Notifications made after their deadline, over the whole registration. */
  missedNotifications: number;
}

/** What the status is judged from: the stored dates, the registration's end and the police's finding of absconding. */
export interface ComplianceState {
  nextVerificationDue: IsoDate;
  missedDeadline: IsoDate | null;
  registrationEndsAt: IsoDate;
  abscondedAt: Date | null;
}

/** Everything stored on the entry that its compliance is judged from. */
export type StoredCompliance = ComplianceRecord & Pick<ComplianceState, 'registrationEndsAt' | 'abscondedAt'>;

export interface ComplianceAssessment extends ComplianceRecord {
  status: ComplianceStatus;
  abscondedAt: Date | null;
  /** Days from `today` to nextVerificationDue (0 when due today, negative when overdue); null once the registration has ended. */
  daysUntilVerificationDue: number | null;
}

/**
 * The deadline of a notification: the last day it could be made in time; null
 * for a periodic verification, or when its day of change or departure is unknown.
 */
export function notificationDeadline(event: Pick<ComplianceEvent, 'kind' | 'occursOn'>, settings: ComplianceSettings): IsoDate | null {
  if (!event.occursOn) return null;
  switch (event.kind) {
    case 'CHANGE_OF_NAME':
    case 'CHANGE_OF_ADDRESS':
      return plusDays(event.occursOn, settings.changeNoticeDays);
    case 'DOMESTIC_TRAVEL':
      return plusDays(event.occursOn, -settings.domesticTravelNoticeDays);
    case 'INTERNATIONAL_TRAVEL':
      return plusDays(event.occursOn, -settings.internationalTravelNoticeDays);
    case 'PERIODIC_VERIFICATION':
      return null;
  }
}

const isVerification = (event: ComplianceEvent): event is ComplianceEvent & { verifiedAt: Date } =>
  event.kind === 'PERIODIC_VERIFICATION' && event.verifiedAt instanceof Date;

/** The stored part: when the next verification falls due, and what was notified late and not yet dealt with. */
export function complianceRecord(
  entry: ComplianceEntry,
  events: readonly ComplianceEvent[],
  settings: ComplianceSettings,
): ComplianceRecord {
  let lastVerifiedAt: Date | null = null;
  for (const event of events) {
    if (isVerification(event) && (!lastVerifiedAt || event.verifiedAt > lastVerifiedAt)) lastVerifiedAt = event.verifiedAt;
  }
  const verificationDays = events.filter(isVerification).map((event) => dayOf(event.verifiedAt));
  let missedNotifications = 0;
  let missedDeadline: IsoDate | null = null;
  for (const event of events) {
    const deadline = notificationDeadline(event, settings);
    const notifiedOn = dayOf(event.submittedAt);
    if (deadline === null || notifiedOn <= deadline) continue;
    missedNotifications += 1;
    const dealtWith = verificationDays.some((day) => day >= notifiedOn);
    if (!dealtWith && (missedDeadline === null || deadline < missedDeadline)) missedDeadline = deadline;
  }
  const countedFrom = dayOf(lastVerifiedAt ?? entry.registeredAt);
  return {
    lastVerifiedAt,
    nextVerificationDue: plusMonths(countedFrom, settings.verificationMonths[entry.riskTier]),
    missedDeadline,
    missedNotifications,
  };
}

/** The status on `today` (YYYY-MM-DD, Pakistan), from what is stored: the first of these that holds. */
export function complianceStatus(state: ComplianceState, today: IsoDate): ComplianceStatus {
  if (state.abscondedAt) return 'ABSCONDED';
  if (state.missedDeadline !== null && state.missedDeadline < today) return 'NON_COMPLIANT';
  if (state.nextVerificationDue < today && state.registrationEndsAt >= today) return 'VERIFICATION_OVERDUE';
  return 'COMPLIANT';
}

/** Days to the next verification on `today`; null once the registration has ended and none is owed. */
function daysUntilVerificationDue(
  state: Pick<ComplianceState, 'nextVerificationDue' | 'registrationEndsAt'>,
  today: IsoDate,
): number | null {
  return state.registrationEndsAt < today ? null : daysBetween(today, state.nextVerificationDue);
}

/** An entry's compliance at `now`, from its facts and events alone. */
export function assessCompliance(
  entry: ComplianceEntry & { abscondedAt: Date | null },
  events: readonly ComplianceEvent[],
  settings: ComplianceSettings,
  now: Date,
): ComplianceAssessment {
  return judged(
    { ...complianceRecord(entry, events, settings), registrationEndsAt: entry.registrationEndsAt, abscondedAt: entry.abscondedAt },
    now,
  );
}

/** The status and the days left of what is stored, at `now`. */
export function judged(stored: StoredCompliance, now: Date): ComplianceAssessment {
  const today = dayOf(now);
  return {
    lastVerifiedAt: stored.lastVerifiedAt,
    nextVerificationDue: stored.nextVerificationDue,
    missedDeadline: stored.missedDeadline,
    missedNotifications: stored.missedNotifications,
    abscondedAt: stored.abscondedAt,
    status: complianceStatus(stored, today),
    daysUntilVerificationDue: daysUntilVerificationDue(stored, today),
  };
}
