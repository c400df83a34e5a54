import { afterAll, describe, expect, it } from 'vitest';
import { SuppressionPool } from './suppression-pool.ts';
import { suppressSystem, type CountSystem } from './suppression.ts';

const pool = new SuppressionPool();
afterAll(() => pool.close());

/** Twelve months of three districts under one province, with a few small counts to withhold. */
function yearOfDistricts(): CountSystem {
  const counts = new Map<string, number>();
  const equations: { total: string; members: string[] }[] = [];
  const districts = ['a', 'b', 'c'];
  for (let month = 1; month <= 12; month++) {
    let province = 0;
    for (const [i, district] of districts.entries()) {
      const value = (month * 7 + i * 3) % 11;
      counts.set(`${month}|${district}`, value);
      province += value;
    }
    counts.set(`${month}|province`, province);
    equations.push({ total: `${month}|province`, members: districts.map((district) => `${month}|${district}`) });
  }
  for (const place of [...districts, 'province']) {
    const months = Array.from({ length: 12 }, (_, m) => `${m + 1}|${place}`);
    counts.set(
      `year|${place}`,
      months.reduce((sum, key) => sum + counts.get(key)!, 0),
    );
    equations.push({ total: `year|${place}`, members: months });
  }
  equations.push({ total: 'year|province', members: districts.map((district) => `year|${district}`) });
  return { counts, equations };
}

describe('the suppression pool', () => {
  it('protects a system on its worker thread exactly as suppressSystem does here', async () => {
    const system = yearOfDistricts();
    const here = suppressSystem(system, 5);
    expect([...here.values()].some((value) => value.suppressed !== null)).toBe(true);
    expect(await pool.protect(system, 5)).toEqual(here);
    expect(pool.completed).toBe(1);
  });

  it('rejects what suppressSystem rejects', async () => {
    await expect(pool.protect(yearOfDistricts(), 0)).rejects.toThrow();
    const broken = yearOfDistricts();
    (broken.counts as Map<string, number>).set('year|a', 1);
    await expect(pool.protect(broken, 5)).rejects.toThrow(/add up to/);
  });
});
