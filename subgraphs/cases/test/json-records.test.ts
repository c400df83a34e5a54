import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '#synthetic-world';
import { openSubgraphDatabase, type SubgraphDatabase } from '#storage';
import { copyOfWorld, type DatabaseCopy } from '#test-kit';
import { CaseSchema } from '../src/entities/case.entity.ts';
import { SurvivorSchema } from '../src/entities/survivor.entity.ts';
import { casesSubgraph } from '../src/server.ts';

let copy: DatabaseCopy;
let database: SubgraphDatabase;

beforeAll(async () => {
  // A database of its own with the schema the migrations make, no rows.
  copy = await copyOfWorld('json_records', 'migrated');
  database = await openSubgraphDatabase(casesSubgraph.database, copy.storageOf('cases'));
  await database.migrate();
});

afterAll(async () => {
  await database?.close();
  await copy?.drop();
});

const caseRow = (n: number, district: string) => ({
  id: `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`,
  reference: `TEST-${n}`,
  reportedAt: new Date(Date.UTC(2025, 0, 1, 12, 30, 15, 123) + n),
  category: 'RAPE' as const,
  offenceSections: ['PPC 376(1)', 'PPC "511", read with {braces}'],
  status: 'REPORTED' as const,
  province: 'PUNJAB' as const,
  district,
  crisisCellId: n % 2 === 0 ? null : '11111111-2222-5333-8444-555555555555',
  childSurvivor: n % 3 === 0,
  hasFir: false,
  version: 1,
});

describe('BatchWriter (JSON-document inserts)', () => {
  it('writes rows exactly, whatever characters their text holds', async () => {
    const awkward = [`O'Brien`, 'back\\slash', 'dollar $rows$ tag', 'quote " and \\" both', 'Karāchi ڪراچي', '?'];
    const rows = awkward.map((district, n) => caseRow(n + 1, district));
    const em = database.fork();
    await em.transactional(async (tx) => {
      const writer = new BatchWriter(tx, 4);
      for (const row of rows) await writer.add(CaseSchema, row);
      for (const row of rows)
        await writer.add(SurvivorSchema, {
          case: row.id,
          pseudonym: `P-${row.reference}`,
          fullName: row.district,
          cnic: null,
          contactPhone: null,
          ageAtIncident: 9,
        });
      expect(await writer.flush()).toEqual({ case: rows.length, survivor: rows.length });
    });
    const stored = await database.fork().find(CaseSchema, { reference: { $like: 'TEST-%' } }, { orderBy: { reference: 'ASC' } });
    expect(
      stored.map(
        ({
          id,
          reference,
          reportedAt,
          category,
          offenceSections,
          status,
          province,
          district,
          crisisCellId,
          childSurvivor,
          hasFir,
          version,
        }) => ({
          id,
          reference,
          reportedAt,
          category,
          offenceSections,
          status,
          province,
          district,
          crisisCellId,
          childSurvivor,
          hasFir,
          version,
        }),
      ),
    ).toEqual(rows);
    const survivors = await database.fork().find(SurvivorSchema, { pseudonym: { $like: 'P-TEST-%' } }, { orderBy: { pseudonym: 'ASC' } });
    expect(survivors.map((s) => [s.case.id, s.fullName, s.ageAtIncident])).toEqual(rows.map((r) => [r.id, r.district, 9]));
  });

  it('fails the load when the database refuses a row', async () => {
    const em = database.fork();
    const load = em.transactional(async (tx) => {
      const writer = new BatchWriter(tx, 2);
      // a survivor of a case that does not exist: the foreign key refuses it
      await writer.add(SurvivorSchema, {
        case: '99999999-0000-5000-8000-000000000000',
        pseudonym: 'P-orphan',
        fullName: 'x',
        cnic: null,
        contactPhone: null,
        ageAtIncident: null,
      });
      await writer.flush();
    });
    await expect(load).rejects.toThrow();
    expect(await database.fork().count(SurvivorSchema, { pseudonym: 'P-orphan' })).toBe(0);
  });
});
