import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { daysBegun, monthLabelOf, monthLabelSql, monthPeriod, yearPeriod } from './periods.ts';

describe('monthLabelSql', () => {
  it("gives the month in Pakistan, as monthLabelOf does, whatever the session's time zone", async () => {
    const db = await PGlite.create();
    try {
      // 1 February 00:30 PKT, and 31 January 23:30 PKT.
      const instants = ['2025-01-31T19:30:00Z', '2025-01-31T18:30:00Z'];
      for (const zone of ['UTC', 'Asia/Karachi', 'America/New_York']) {
        await db.exec(`set time zone '${zone}'`);
        for (const instant of instants) {
          const { rows } = await db.query<{ month: string }>(`select ${monthLabelSql('$1::timestamptz')} as month`, [instant]);
          expect(rows[0]!.month, `${instant} in ${zone}`).toBe(monthLabelOf(new Date(instant)));
        }
      }
      expect(instants.map((instant) => monthLabelOf(new Date(instant)))).toEqual(['2025-02', '2025-01']);
    } finally {
      await db.close();
    }
  });
});

describe('daysBegun', () => {
  const february = monthPeriod(2025, 2); // 1 February 00:00 PKT = 31 January 19:00 UTC
  it('counts every day of a period that is over', () => {
    expect(daysBegun(february, new Date('2026-01-01T00:00:00Z'))).toBe(28);
    expect(daysBegun(yearPeriod(2024), new Date('2026-01-01T00:00:00Z'))).toBe(366);
  });
  it('counts the days so far of a running period, today included (in Pakistan)', () => {
    // 10 February 00:30 PKT: the 10th day has begun.
    expect(daysBegun(february, new Date('2025-02-09T19:30:00Z'))).toBe(10);
    // 9 February 23:59 PKT: still the 9th.
    expect(daysBegun(february, new Date('2025-02-09T18:59:00Z'))).toBe(9);
  });
  it('counts none before the period begins', () => {
    expect(daysBegun(february, new Date('2025-01-31T19:00:00Z'))).toBe(0);
    expect(daysBegun(february, new Date('2024-06-01T00:00:00Z'))).toBe(0);
  });
});
