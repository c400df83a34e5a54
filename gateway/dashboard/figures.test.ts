import { describe, expect, it } from 'vitest';
import { csvFileName, figureText, periodOf, periodWords, placeWords, shareText, withheldText, words } from './figures.ts';

const shown = (value: number) => ({ value, suppressed: null });
const withheld = (suppressed: 'SMALL_COUNT' | 'COMPLEMENTARY' | 'RATE_OF_SUPPRESSED') => ({ value: null, suppressed });

describe('how the dashboard words a figure', () => {
  it('a count, a share, hours and days', () => {
    expect(figureText(shown(1234), 'count', 5)).toEqual({ text: '1,234', short: '1,234', plotted: 1234, withheld: null });
    expect(figureText(shown(0.5733), 'percent', 5)).toMatchObject({ text: '57.3%', plotted: expect.closeTo(57.33, 6) });
    expect(figureText(shown(0.0031), 'percent', 5).text).toBe('0.31%');
    expect(figureText(shown(4.7), 'hours', 5).text).toBe('4.7 hours');
    expect(figureText(shown(226.2), 'days', 5).text).toBe('226.2 days');
  });

  it('a 0 is a 0, drawn as one', () => {
    expect(figureText(shown(0), 'count', 5)).toEqual({ text: '0', short: '0', plotted: 0, withheld: null });
    expect(figureText(shown(0), 'percent', 5)).toMatchObject({ text: '0.0%', plotted: 0 });
  });

  it('a withheld figure is never a number: nothing is plotted, and its reason is in its words (SMALL_COUNT with its size, by k)', () => {
    expect(figureText(withheld('SMALL_COUNT'), 'count', 5)).toEqual({
      text: 'Withheld: 1 to 4',
      short: 'Withheld: 1 to 4',
      plotted: null,
      withheld: 'SMALL_COUNT',
    });
    expect(figureText(withheld('SMALL_COUNT'), 'count', 10).text).toBe('Withheld: 1 to 9');
    // A median of 3 observations is withheld for its observations: its words must not read as 1 to 4 hours.
    expect(figureText(withheld('SMALL_COUNT'), 'hours', 5).text).toBe('Withheld: 1 to 4 observations');
    expect(figureText(withheld('COMPLEMENTARY'), 'count', 5)).toMatchObject({ plotted: null, withheld: 'COMPLEMENTARY' });
    expect(figureText(withheld('RATE_OF_SUPPRESSED'), 'percent', 5)).toMatchObject({ plotted: null, withheld: 'RATE_OF_SUPPRESSED' });
    expect(withheldText('COMPLEMENTARY', 5)).not.toMatch(/\d/);
  });

  it('nothing to measure (no observations, a share of nothing) is neither 0 nor withheld', () => {
    expect(figureText({ value: null, suppressed: null }, 'hours', 5)).toEqual({
      text: 'Nothing to measure',
      short: 'Nothing to measure',
      plotted: null,
      withheld: null,
    });
    expect(figureText(null, 'count', 5).plotted).toBeNull();
  });

  it('a share with its part and whole; a withheld share with its reason alone', () => {
    expect(shareText({ part: shown(43), whole: shown(75), share: shown(0.5733) }, 5).text).toBe('57.3% (43 of 75)');
    expect(shareText({ part: withheld('COMPLEMENTARY'), whole: shown(40), share: withheld('RATE_OF_SUPPRESSED') }, 5)).toMatchObject({
      text: 'Withheld: rate of a withheld count',
      withheld: 'RATE_OF_SUPPRESSED',
      plotted: null,
    });
    expect(shareText({ part: shown(0), whole: shown(0), share: { value: null, suppressed: null } }, 5).text).toBe(
      'Nothing to measure (0 of 0)',
    );
  });
});

describe('the words of periods, places and the graph enums', () => {
  it('periods, from the form and to the reader', () => {
    expect(periodOf(2025, '')).toBe('2025');
    expect(periodOf(2025, 'Q2')).toBe('2025-Q2');
    expect(periodOf(2025, '04')).toBe('2025-04');
    expect(() => periodOf(2025, '13')).toThrow();
    expect(periodWords('2025')).toBe('2025');
    expect(periodWords('2025-Q2')).toBe('Q2 2025 (April to June)');
    expect(periodWords('2025-04')).toBe('April 2025');
    expect(periodWords('2025-04', true)).toBe('Apr 2025');
    expect(periodWords('2025-Q4', true)).toBe('Q4 2025');
  });

  it('places and enums', () => {
    expect(placeWords(null, null)).toBe('All Pakistan');
    expect(placeWords('KHYBER_PAKHTUNKHWA', null)).toBe('Khyber Pakhtunkhwa');
    expect(placeWords('PUNJAB', 'Lahore')).toBe('Lahore district, Punjab');
    expect(words('GANG_RAPE')).toBe('Gang rape');
    expect(words('CHARGE_SHEET')).toBe('Charge sheet filed');
    expect(words('NON_COMPLIANT')).toBe('Non-compliant');
  });

  it('a download is named for its section, period and place', () => {
    expect(csvFileName('funnel', '2025-Q2', 'PUNJAB', null)).toBe('committee-funnel-2025-q2-punjab.csv');
    expect(csvFileName('crisis-cells', '2025', 'PUNJAB', 'Dera Ghazi Khan')).toBe('committee-crisis-cells-2025-dera-ghazi-khan.csv');
    expect(csvFileName('courts', '2025', null, null)).toBe('committee-courts-2025-pakistan.csv');
  });
});
