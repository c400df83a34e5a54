import { describe, expect, it } from 'vitest';
import { pakistanDate, pakistanYear } from './pakistan-time.ts';

describe('Pakistan time', () => {
  it('turns the year at midnight in Pakistan, five hours before UTC does', () => {
    expect(pakistanYear(new Date('2025-12-31T18:59:59.999Z'))).toBe(2025);
    expect(pakistanYear(new Date('2025-12-31T19:00:00.000Z'))).toBe(2026);
    expect(pakistanDate(new Date('2025-12-31T19:00:00.000Z'))).toBe('2026-01-01');
  });
});
