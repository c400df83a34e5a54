import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { monthLabelOf, monthLabelSql } from './periods.ts';

describe('monthLabelSql', () => {
  it('gives the month in Pakistan, as monthLabelOf does, whatever the session\'s time zone', async () => {
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
