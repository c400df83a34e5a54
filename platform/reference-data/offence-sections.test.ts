import { describe, expect, it } from 'vitest';
import { scheduledOffenceOf } from './offence-sections.ts';

describe('scheduledOffenceOf', () => {
  it('finds the scheduled section behind a subsection or an attempt', () => {
    expect(scheduledOffenceOf('PPC 376(2)')).toBe('PPC 376');
    expect(scheduledOffenceOf('PPC 375A')).toBe('PPC 375A');
    expect(scheduledOffenceOf('PPC 376(1) read with PPC 511')).toBe('PPC 376');
    expect(scheduledOffenceOf('PECA 22')).toBe('PECA 22');
  });

  it('refuses what the Act does not schedule, and anything not written as a section', () => {
    for (const section of ['PPC 302', 'PPC 377C', 'PECA 20', 'PPC 511', 'ppc 376', 'PPC 376 ', 'PPC 376(2) read with PPC 302', '']) {
      expect(scheduledOffenceOf(section), section).toBeNull();
    }
  });
});
