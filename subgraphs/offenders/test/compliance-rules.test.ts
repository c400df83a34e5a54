import { describe, expect, it } from 'vitest';
import {
  assessCompliance,
  complianceRecord,
  complianceSettingsFromEnv,
  DEFAULT_COMPLIANCE_SETTINGS,
  notificationDeadline,
  plusMonths,
  type ComplianceEntry,
  type ComplianceEvent,
  type ComplianceSettings,
} from '../src/compliance/index.ts';

// The register's compliance rules, as pure functions of an entry, its events, the settings and the day.
// Instants are written in Pakistan time (+05:00), as the rules count days there.

const at = (pkt: string) => new Date(`${pkt}+05:00`);
/** Noon in Pakistan on a day. */
const noon = (day: string) => at(`${day}T12:00:00`);

const entry = (overrides: Partial<ComplianceEntry & { abscondedAt: Date | null }> = {}) => ({
  riskTier: 'LOW' as const,
  registeredAt: noon('2024-01-10'),
  registrationEndsAt: '2034-01-10',
  abscondedAt: null,
  ...overrides,
});

const verification = (day: string): ComplianceEvent => ({ kind: 'PERIODIC_VERIFICATION', submittedAt: noon(day), verifiedAt: noon(day) });
const notified = (kind: ComplianceEvent['kind'], day: string, occursOn: string | null): ComplianceEvent => ({
  kind,
  submittedAt: noon(day),
  occursOn,
  verifiedAt: null,
});

const judge = (
  events: ComplianceEvent[],
  day: string,
  overrides: Parameters<typeof entry>[0] = {},
  settings: ComplianceSettings = DEFAULT_COMPLIANCE_SETTINGS,
) => assessCompliance(entry(overrides), events, settings, noon(day));

describe('periodic verification in person', () => {
  it("falls due the tier's months after the last verification: 12 (LOW), 6 (MEDIUM), 3 (HIGH)", () => {
    const events = [verification('2025-03-01'), verification('2025-09-15')];
    expect(judge(events, '2026-01-01', { riskTier: 'LOW' }).nextVerificationDue).toBe('2026-09-15');
    expect(judge(events, '2026-01-01', { riskTier: 'MEDIUM' }).nextVerificationDue).toBe('2026-03-15');
    expect(judge(events, '2026-01-01', { riskTier: 'HIGH' }).nextVerificationDue).toBe('2025-12-15');
  });

  it('counts from registration while there has been none', () => {
    const judged = judge([], '2024-03-01', { riskTier: 'HIGH', registeredAt: noon('2024-01-10') });
    expect(judged).toMatchObject({
      lastVerifiedAt: null,
      nextVerificationDue: '2024-04-10',
      status: 'COMPLIANT',
      daysUntilVerificationDue: 40,
    });
  });

  it('is met on the day it falls due, and overdue the day after', () => {
    const events = [verification('2025-06-20')];
    expect(judge(events, '2026-06-19')).toMatchObject({ status: 'COMPLIANT', daysUntilVerificationDue: 1 });
    expect(judge(events, '2026-06-20')).toMatchObject({ status: 'COMPLIANT', daysUntilVerificationDue: 0 });
    expect(judge(events, '2026-06-21')).toMatchObject({ status: 'VERIFICATION_OVERDUE', daysUntilVerificationDue: -1 });
  });

  it('takes the latest verification, whatever order the events come in', () => {
    const judged = judge([verification('2025-09-15'), verification('2024-09-01')], '2026-01-01');
    expect(judged.lastVerifiedAt).toEqual(noon('2025-09-15'));
    expect(judged.nextVerificationDue).toBe('2026-09-15');
  });

  it('counts only verifications the police made: an attendance not yet verified is none', () => {
    const attended: ComplianceEvent = { kind: 'PERIODIC_VERIFICATION', submittedAt: noon('2025-12-01'), verifiedAt: null };
    const judged = judge([verification('2024-11-01'), attended], '2025-12-02');
    expect(judged).toMatchObject({ lastVerifiedAt: noon('2024-11-01'), nextVerificationDue: '2025-11-01', status: 'VERIFICATION_OVERDUE' });
  });

  it('counts the day of the verification in Pakistan, not in UTC', () => {
    // 23:30 on 31 August in UTC is 04:30 on 1 September in Pakistan.
    const lateEvening: ComplianceEvent = {
      kind: 'PERIODIC_VERIFICATION',
      submittedAt: new Date('2025-08-31T23:00:00Z'),
      verifiedAt: new Date('2025-08-31T23:30:00Z'),
    };
    expect(judge([lateEvening], '2025-10-01', { riskTier: 'HIGH' }).nextVerificationDue).toBe('2025-12-01');
  });

  it("ends a month the next lacks on that month's last day", () => {
    expect(plusMonths('2025-08-31', 3)).toBe('2025-11-30');
    expect(plusMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(plusMonths('2027-11-29', 3)).toBe('2028-02-29');
    expect(plusMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(plusMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(plusMonths('2025-12-15', 6)).toBe('2026-06-15');
  });

  it('follows a change of risk tier from the last verification: the same history overdue as HIGH, not as LOW', () => {
    const events = [verification('2026-01-05')];
    expect(judge(events, '2026-05-01', { riskTier: 'LOW' })).toMatchObject({ nextVerificationDue: '2027-01-05', status: 'COMPLIANT' });
    expect(judge(events, '2026-05-01', { riskTier: 'MEDIUM' })).toMatchObject({ nextVerificationDue: '2026-07-05', status: 'COMPLIANT' });
    expect(judge(events, '2026-05-01', { riskTier: 'HIGH' })).toMatchObject({
      nextVerificationDue: '2026-04-05',
      status: 'VERIFICATION_OVERDUE',
    });
  });

  it('is owed only while the registration runs: none once it has ended', () => {
    const events = [verification('2025-03-01')];
    expect(judge(events, '2026-03-05', { registrationEndsAt: '2026-03-05' })).toMatchObject({
      status: 'VERIFICATION_OVERDUE',
      daysUntilVerificationDue: -4,
    });
    expect(judge(events, '2026-03-06', { registrationEndsAt: '2026-03-05' })).toMatchObject({
      status: 'COMPLIANT',
      daysUntilVerificationDue: null,
    });
  });
});

describe('notifications of change and travel', () => {
  it('a change of name or address is in time up to 3 days after it, late on the 4th', () => {
    for (const kind of ['CHANGE_OF_ADDRESS', 'CHANGE_OF_NAME'] as const) {
      expect(notificationDeadline({ kind, occursOn: '2026-03-10' }, DEFAULT_COMPLIANCE_SETTINGS)).toBe('2026-03-13');
      const base = [verification('2026-01-05')];
      expect(judge([...base, notified(kind, '2026-03-13', '2026-03-10')], '2026-04-01')).toMatchObject({
        status: 'COMPLIANT',
        missedNotifications: 0,
        missedDeadline: null,
      });
      expect(judge([...base, notified(kind, '2026-03-14', '2026-03-10')], '2026-04-01')).toMatchObject({
        status: 'NON_COMPLIANT',
        missedNotifications: 1,
        missedDeadline: '2026-03-13',
      });
    }
  });

  it('a change notified before it takes effect is in time', () => {
    expect(judge([verification('2026-01-05'), notified('CHANGE_OF_ADDRESS', '2026-02-01', '2026-02-20')], '2026-03-01').status).toBe(
      'COMPLIANT',
    );
  });

  it('travel abroad notified 21 days before departure is in time; 20 days is late', () => {
    const base = [verification('2026-01-05')];
    expect(notificationDeadline({ kind: 'INTERNATIONAL_TRAVEL', occursOn: '2026-04-22' }, DEFAULT_COMPLIANCE_SETTINGS)).toBe('2026-04-01');
    expect(judge([...base, notified('INTERNATIONAL_TRAVEL', '2026-04-01', '2026-04-22')], '2026-04-02')).toMatchObject({
      status: 'COMPLIANT',
      missedNotifications: 0,
    });
    expect(judge([...base, notified('INTERNATIONAL_TRAVEL', '2026-04-02', '2026-04-22')], '2026-04-02')).toMatchObject({
      status: 'NON_COMPLIANT',
      missedNotifications: 1,
      missedDeadline: '2026-04-01',
    });
  });

  it('travel within Pakistan notified 7 days before departure is in time; 6 days is late', () => {
    const base = [verification('2026-01-05')];
    expect(judge([...base, notified('DOMESTIC_TRAVEL', '2026-04-01', '2026-04-08')], '2026-04-02').status).toBe('COMPLIANT');
    expect(judge([...base, notified('DOMESTIC_TRAVEL', '2026-04-02', '2026-04-08')], '2026-04-02')).toMatchObject({
      status: 'NON_COMPLIANT',
      missedDeadline: '2026-04-01',
    });
  });

  it('travel notified after departure is late', () => {
    expect(judge([verification('2026-01-05'), notified('DOMESTIC_TRAVEL', '2026-04-10', '2026-04-08')], '2026-04-10').status).toBe(
      'NON_COMPLIANT',
    );
  });

  it('counts the day a notification was made in Pakistan: 00:30 on the 14th is the 14th, though it is still the 13th in UTC', () => {
    const justAfterMidnight: ComplianceEvent = {
      kind: 'CHANGE_OF_ADDRESS',
      submittedAt: at('2026-03-14T00:30:00'),
      occursOn: '2026-03-10',
      verifiedAt: null,
    };
    expect(justAfterMidnight.submittedAt.toISOString()).toBe('2026-03-13T19:30:00.000Z');
    expect(judge([verification('2026-01-05'), justAfterMidnight], '2026-03-20').status).toBe('NON_COMPLIANT');
  });

  it('a late notification stays against the registrant until the police next verify them in person, on or after the day it was made', () => {
    const late = notified('CHANGE_OF_ADDRESS', '2026-03-20', '2026-03-10');
    const before = verification('2026-03-19');
    expect(judge([before, late], '2026-05-01')).toMatchObject({ status: 'NON_COMPLIANT', missedDeadline: '2026-03-13' });
    expect(judge([before, late, verification('2026-03-20')], '2026-05-01')).toMatchObject({
      status: 'COMPLIANT',
      missedDeadline: null,
      missedNotifications: 1,
    });
    expect(judge([before, late, verification('2026-04-15')], '2026-05-01')).toMatchObject({
      status: 'COMPLIANT',
      missedDeadline: null,
      missedNotifications: 1,
    });
  });

  it('answers for the earliest missed deadline not yet dealt with, and counts every late notification', () => {
    const events = [
      notified('CHANGE_OF_ADDRESS', '2025-02-01', '2025-01-01'),
      verification('2025-03-01'),
      notified('INTERNATIONAL_TRAVEL', '2025-06-10', '2025-06-20'),
      notified('CHANGE_OF_NAME', '2025-06-05', '2025-05-20'),
    ];
    expect(judge(events, '2025-07-01')).toMatchObject({ missedNotifications: 3, missedDeadline: '2025-05-23', status: 'NON_COMPLIANT' });
  });

  it('never judges late a notification whose day of change or departure was not recorded', () => {
    expect(judge([verification('2026-01-05'), notified('INTERNATIONAL_TRAVEL', '2026-04-02', null)], '2026-04-02')).toMatchObject({
      status: 'COMPLIANT',
      missedNotifications: 0,
    });
  });

  it('outweighs an overdue verification', () => {
    const events = [verification('2024-01-05'), notified('CHANGE_OF_ADDRESS', '2025-03-20', '2025-03-01')];
    expect(judge(events, '2025-04-01')).toMatchObject({ status: 'NON_COMPLIANT', daysUntilVerificationDue: -86 });
  });
});

describe('absconding', () => {
  const onTime = [verification('2026-01-05'), notified('DOMESTIC_TRAVEL', '2026-02-01', '2026-02-20')];

  it("is the police's finding, whatever the dates: absconded though every duty is met", () => {
    expect(judge(onTime, '2026-03-01', { abscondedAt: at('2026-02-25T10:00:00') })).toMatchObject({
      status: 'ABSCONDED',
      abscondedAt: at('2026-02-25T10:00:00'),
    });
  });

  it('outweighs a missed deadline and an overdue verification', () => {
    const events = [verification('2024-01-05'), notified('CHANGE_OF_ADDRESS', '2025-03-20', '2025-03-01')];
    expect(judge(events, '2025-04-01', { abscondedAt: at('2025-03-25T10:00:00') }).status).toBe('ABSCONDED');
  });

  it('is never inferred from lateness: an entry a year overdue with missed deadlines is not absconded until the police say so', () => {
    const events = [verification('2023-01-05'), notified('CHANGE_OF_ADDRESS', '2023-03-20', '2023-03-01')];
    expect(judge(events, '2025-04-01').status).toBe('NON_COMPLIANT');
  });

  it('once located (abscondedAt cleared), the dates decide again', () => {
    expect(judge(onTime, '2026-03-01', { abscondedAt: null })).toMatchObject({ status: 'COMPLIANT', abscondedAt: null });
  });
});

describe('what is stored', () => {
  it('depends on the events and the settings only, never on the day', () => {
    const events = [verification('2025-06-20'), notified('CHANGE_OF_ADDRESS', '2025-08-01', '2025-07-01')];
    const stored = complianceRecord(entry(), events, DEFAULT_COMPLIANCE_SETTINGS);
    expect(stored).toEqual({
      lastVerifiedAt: noon('2025-06-20'),
      nextVerificationDue: '2026-06-20',
      missedDeadline: '2025-07-04',
      missedNotifications: 1,
    });
    for (const day of ['2025-08-01', '2026-06-20', '2030-01-01']) {
      const { status: _, abscondedAt: __, daysUntilVerificationDue: ___, ...judged } = judge(events, day);
      expect(judged).toEqual(stored);
    }
  });

  it('follows the settings NPB sets', () => {
    const settings: ComplianceSettings = {
      changeNoticeDays: 7,
      domesticTravelNoticeDays: 3,
      internationalTravelNoticeDays: 30,
      verificationMonths: { LOW: 12, MEDIUM: 12, HIGH: 1 },
    };
    const events = [
      verification('2026-01-05'),
      notified('CHANGE_OF_ADDRESS', '2026-01-20', '2026-01-14'),
      notified('DOMESTIC_TRAVEL', '2026-01-20', '2026-01-23'),
    ];
    expect(judge(events, '2026-02-01', { riskTier: 'MEDIUM' }, settings)).toMatchObject({
      status: 'COMPLIANT',
      nextVerificationDue: '2027-01-05',
    });
    expect(judge(events, '2026-02-06', { riskTier: 'HIGH' }, settings)).toMatchObject({
      status: 'VERIFICATION_OVERDUE',
      nextVerificationDue: '2026-02-05',
    });
    expect(judge([notified('INTERNATIONAL_TRAVEL', '2026-01-20', '2026-02-18')], '2026-01-21', {}, settings).status).toBe('NON_COMPLIANT');
  });
});

describe('settings from the environment', () => {
  it('default to the practice abroad the README cites', () => {
    expect(complianceSettingsFromEnv({})).toEqual({
      changeNoticeDays: 3,
      domesticTravelNoticeDays: 7,
      internationalTravelNoticeDays: 21,
      verificationMonths: { LOW: 12, MEDIUM: 6, HIGH: 3 },
    });
    expect(complianceSettingsFromEnv({ REGISTER_CHANGE_NOTICE_DAYS: '' })).toEqual(DEFAULT_COMPLIANCE_SETTINGS);
  });

  it('read every limit', () => {
    expect(
      complianceSettingsFromEnv({
        REGISTER_CHANGE_NOTICE_DAYS: '7',
        REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS: '0',
        REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS: '30',
        REGISTER_VERIFICATION_MONTHS_LOW: '12',
        REGISTER_VERIFICATION_MONTHS_MEDIUM: '12',
        REGISTER_VERIFICATION_MONTHS_HIGH: '1',
      }),
    ).toEqual({
      changeNoticeDays: 7,
      domesticTravelNoticeDays: 0,
      internationalTravelNoticeDays: 30,
      verificationMonths: { LOW: 12, MEDIUM: 12, HIGH: 1 },
    });
  });

  it.each([
    ['REGISTER_CHANGE_NOTICE_DAYS', 'three', 'REGISTER_CHANGE_NOTICE_DAYS must be a whole number of days from 0 to 90, got "three"'],
    ['REGISTER_CHANGE_NOTICE_DAYS', '-1', 'REGISTER_CHANGE_NOTICE_DAYS must be a whole number of days from 0 to 90, got "-1"'],
    [
      'REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS',
      '7.5',
      'REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS must be a whole number of days from 0 to 90, got "7.5"',
    ],
    [
      'REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS',
      '91',
      'REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS must be a whole number of days from 0 to 90, got "91"',
    ],
    ['REGISTER_VERIFICATION_MONTHS_LOW', '13', 'REGISTER_VERIFICATION_MONTHS_LOW must be a whole number of months from 1 to 12, got "13"'],
    ['REGISTER_VERIFICATION_MONTHS_HIGH', '0', 'REGISTER_VERIFICATION_MONTHS_HIGH must be a whole number of months from 1 to 12, got "0"'],
    [
      'REGISTER_VERIFICATION_MONTHS_HIGH',
      '9',
      'REGISTER_VERIFICATION_MONTHS_HIGH (9) must not be more than REGISTER_VERIFICATION_MONTHS_MEDIUM (6): a HIGH risk registrant is verified at least as often as a MEDIUM one',
    ],
  ])('refuse %s=%j with one message saying what it must be', (name, value, message) => {
    expect(() => complianceSettingsFromEnv({ [name]: value })).toThrow(new Error(message));
  });
});
