import { describe, expect, it } from 'vitest';
import { sqlSession } from '#test-kit';
import { monthLabelOf, monthLabelSql } from '../periods.ts';

describe('monthLabelSql', () => {
  it("gives the month in Pakistan, as monthLabelOf does, whatever the session's time zone", async () => {
    // On the suite's database: PGlite, or PostgreSQL with TEST_DATABASE_URL.
    const db = await sqlSession('month_label_sql');
    try {
      // 1 February 00:30 PKT, and 31 January 23:30 PKT.
      const instants = ['2025-01-31T19:30:00Z', '2025-01-31T18:30:00Z'];
      for (const zone of ['UTC', 'Asia/Karachi', 'America/New_York']) {
        await db.execute(`set time zone '${zone}'`);
        for (const instant of instants) {
          const rows = await db.execute<{ month: string }>(`select ${monthLabelSql('?::timestamptz')} as month`, [instant]);
          expect(rows[0]!.month, `${instant} in ${zone}`).toBe(monthLabelOf(new Date(instant)));
        }
      }
      expect(instants.map((instant) => monthLabelOf(new Date(instant)))).toEqual(['2025-02', '2025-01']);
    } finally {
      await db.close();
    }
  });
});
