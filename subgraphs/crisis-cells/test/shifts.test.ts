import { describe, expect, it } from 'vitest';
import { pakistanTimeOfDay } from '#reference-data';
import { isOnShiftAt } from '../src/shifts.ts';

describe('shifts', () => {
  it('reads the time of day in Pakistan (UTC+5)', () => {
    expect(pakistanTimeOfDay(new Date('2026-03-01T03:15:00Z'))).toBe('08:15');
    expect(pakistanTimeOfDay(new Date('2026-03-01T20:30:00Z'))).toBe('01:30');
  });

  it('covers day shifts and night shifts that end after midnight', () => {
    expect(isOnShiftAt('08:00', '14:00', '08:00')).toBe(true);
    expect(isOnShiftAt('08:00', '14:00', '14:00')).toBe(false);
    expect(isOnShiftAt('20:00', '08:00', '23:59')).toBe(true);
    expect(isOnShiftAt('20:00', '08:00', '07:59')).toBe(true);
    expect(isOnShiftAt('20:00', '08:00', '12:00')).toBe(false);
  });
});
