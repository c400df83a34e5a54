import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_WRITE_STATEMENTS,
  AuditChainWriter,
  AuditEntryWithMutationsSchema,
  AuditLog,
  auditEntryHash,
  auditTrailWhere,
  GENESIS_HASH,
  verifyAuditChain,
} from '#audit';
import type { CaseFacts } from '#synthetic-world';
import { graphql } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';
import { createCasesService } from '../src/server.ts';
import { defaultSubgraphParts } from '#subgraph';

// The cases subgraph's audit trail, on a database of its own (PGlite, or a
// fresh PostgreSQL database when TEST_DATABASE_URL is set). What the trail
// should hold is read back with SQL, independently of the resolvers.

const TRAIL = '"cases"."audit_entry"';
const ROW_TRIGGER = 'audit_entry_no_update_or_delete';

interface EntryRow {
  seq: string;
  recorded_at: Date;
  request_id: string;
  subject: string;
  agency: string;
  field: string;
  /** Entries of the first format only. */
  row_id: string | null;
  row_ids: string[] | null;
  purpose: string | null;
  outcome: string;
  previous_hash: string;
  hash: string;
}

let subgraph: SubgraphUnderTest;
let arcc: string;
let auditor: string;
const world: CaseFacts[] = seededCases();
/** A case of a crisis cell (so its ARCC staff may read it) whose survivor has every identity field on file. */
const target = world.find((facts) => facts.crisisCellId && facts.survivor.cnic && facts.survivor.contactPhone)!;

beforeAll(async () => {
  subgraph = await startSubgraphForTest('cases');
  arcc = await tokenFor({ agency: 'ARCC', sub: 'arcc-officer-7', cellId: target.crisisCellId ?? undefined });
  auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-1' });
});

afterAll(async () => {
  await subgraph?.stop();
});

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await subgraph.service.database.fork().getConnection().execute(text, params)) as T[];

/** The entries, oldest first, as stored (the instant read as epoch milliseconds, whatever the driver makes of timestamptz). */
async function entries(where = 'true', params: unknown[] = []): Promise<EntryRow[]> {
  const rows = await sql<EntryRow & { recorded_ms: string }>(
    `select e.seq::text as seq, round(extract(epoch from e.recorded_at) * 1000)::text as recorded_ms, e.request_id, e.subject, e.agency,
            e.field, e.row_id, to_json(e.row_ids) as row_ids, e.purpose, e.outcome, e.previous_hash, e.hash
     from ${TRAIL} e where ${where} order by e.seq`,
    params,
  );
  return rows.map(({ recorded_ms, ...row }) => ({ ...row, recorded_at: new Date(Number(recorded_ms)) }));
}
const entriesOf = (requestId: string) => entries('e.request_id = ?', [requestId]);
const allEntries = () => entries();
const entryCount = async () => Number((await sql<{ n: string }>(`select count(*)::text as n from ${TRAIL}`))[0]!.n);
const verify = (pageSize?: number) => verifyAuditChain(subgraph.service.database.fork(), { pageSize });

let requests = 0;
const newRequestId = (label: string) => `audit-test-${label}-${++requests}`;

/** A request with its own id (so its entries can be found) and, optionally, a stated purpose. */
function ask<T = any>(
  query: string,
  options: { token?: string; requestId: string; purpose?: string; variables?: Record<string, unknown> },
) {
  return graphql<T>(subgraph.url, query, {
    token: options.token,
    variables: options.variables,
    headers: { 'x-request-id': options.requestId, ...(options.purpose ? { 'x-case-purpose': options.purpose } : {}) },
  });
}

const SURVIVOR_IDENTITY = `query($id: ID!) { case(id: $id) { id reference status survivor { pseudonym ageAtIncident fullName cnic contactPhone } } }`;
const IDENTITY_FIELDS = ['Survivor.cnic', 'Survivor.contactPhone', 'Survivor.fullName'];

/** Every entry's previous_hash names the entry before it: the entries of one batch are consecutive links. */
function expectLinked(entries: EntryRow[]) {
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.previous_hash).toBe(entries[i - 1]!.hash);
}

describe('reading a survivor’s identity', () => {
  it('appends an ALLOWED entry per field: who, agency, field, rows, when and stated purpose, on a chain that verifies', async () => {
    const requestId = newRequestId('read');
    const before = Date.now();
    const response = await ask(SURVIVOR_IDENTITY, { token: arcc, requestId, purpose: target.reference, variables: { id: target.id } });
    expect(response.errors).toBeUndefined();
    const { survivor } = target;
    expect(response.data.case.survivor).toEqual({
      pseudonym: survivor.pseudonym,
      ageAtIncident: survivor.ageAtIncident,
      fullName: survivor.fullName,
      cnic: survivor.cnic,
      contactPhone: survivor.contactPhone,
    });

    const entries = await entriesOf(requestId);
    expect(entries.map((entry) => entry.field).sort()).toEqual(IDENTITY_FIELDS);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        subject: 'arcc-officer-7',
        agency: 'ARCC',
        row_id: null,
        row_ids: [target.id],
        purpose: target.reference,
        outcome: 'ALLOWED',
      });
      expect(entry.recorded_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(entry.recorded_at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expectLinked(entries);
    expect(await verify()).toEqual({ ok: true, entriesChecked: await entryCount(), firstBrokenSeq: null });
  });

  it('records the absence of a stated purpose as null', async () => {
    const requestId = newRequestId('no-purpose');
    const response = await ask(SURVIVOR_IDENTITY, { token: arcc, requestId, variables: { id: target.id } });
    expect(response.errors).toBeUndefined();
    const entries = await entriesOf(requestId);
    expect(entries).toHaveLength(3);
    expect(entries.every((entry) => entry.purpose === null)).toBe(true);
  });

  it('records a subject with quotes, backslashes and non-Latin letters exactly, and the chain still verifies', async () => {
    const subject = `o'brien "\\ officer" محمد`;
    const requestId = newRequestId('odd-subject');
    const token = await tokenFor({ agency: 'ARCC', sub: subject, cellId: target.crisisCellId! });
    const response = await ask(SURVIVOR_IDENTITY, { token, requestId, variables: { id: target.id } });
    expect(response.errors).toBeUndefined();
    const entries = await entriesOf(requestId);
    expect(entries.map((entry) => entry.subject)).toEqual([subject, subject, subject]);
    expect((await verify()).ok).toBe(true);
  });

  it('records nothing for a read without identity fields', async () => {
    const requestId = newRequestId('pseudonym');
    const response = await ask(`query($id: ID!) { case(id: $id) { reference survivor { pseudonym ageAtIncident } } }`, {
      token: arcc,
      requestId,
      variables: { id: target.id },
    });
    expect(response.errors).toBeUndefined();
    expect(await entriesOf(requestId)).toEqual([]);
  });

  it('refuses a malformed x-case-purpose as BAD_USER_INPUT, and records nothing', async () => {
    const requestId = newRequestId('bad-purpose');
    const response = await ask(SURVIVOR_IDENTITY, {
      token: arcc,
      requestId,
      purpose: "x'; drop table audit_entry; --",
      variables: { id: target.id },
    });
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/^The x-case-purpose header must be a case reference/);
    expect(await entriesOf(requestId)).toEqual([]);
  });

  it('writes one entry per field for a whole page, naming its rows in page order, in the statements of a page of 10', async () => {
    // ARCC staff list their own cell's cases: take the busiest cell, so the big page is as big as it gets.
    const perCell = Map.groupBy(
      world.filter((facts) => facts.crisisCellId),
      (facts) => facts.crisisCellId!,
    );
    const [cellId, cellCases] = [...perCell].sort((a, b) => b[1].length - a[1].length)[0]!;
    const big = Math.min(200, cellCases.length);
    expect(big).toBeGreaterThan(50);
    const staff = await tokenFor({ agency: 'ARCC', sub: 'arcc-officer-9', cellId });
    const query = `query($first: Int) { cases(first: $first) { edges { node { id survivor { fullName cnic contactPhone } } } } }`;
    const statementsFor = async (first: number) => {
      const requestId = newRequestId(`page-${first}`);
      const before = subgraph.service.database.statementCount();
      const response = await ask(query, { token: staff, requestId, variables: { first } });
      expect(response.errors).toBeUndefined();
      const pageIds = response.data.cases.edges.map((edge: any) => edge.node.id);
      expect(pageIds).toHaveLength(first);
      const entries = await entriesOf(requestId);
      expect(entries.map((entry) => entry.field).sort()).toEqual(IDENTITY_FIELDS);
      for (const entry of entries) expect(entry.row_ids).toEqual(pageIds);
      expectLinked(entries);
      return subgraph.service.database.statementCount() - before - 1; // less entriesOf's own
    };
    const ten = await statementsFor(10);
    expect(await statementsFor(big)).toBe(ten);
    // the page, the survivors, then the audit write: lock, chain head, insert
    expect(ten).toBe(2 + AUDIT_WRITE_STATEMENTS);
  });
});

describe('a failed audit write', () => {
  it('withholds the identity fields (null, an error, the value nowhere) and answers the rest of the query', async () => {
    const requestId = newRequestId('refused');
    // The test's own constraint makes the database refuse this request's entries (and only this request's).
    await sql(`alter table ${TRAIL} add constraint audit_entry_refused_in_test check (request_id <> '${requestId}') not valid`);
    const response = await ask(SURVIVOR_IDENTITY, {
      token: arcc,
      requestId,
      purpose: target.reference,
      variables: { id: target.id },
    }).finally(() => sql(`alter table ${TRAIL} drop constraint audit_entry_refused_in_test`));

    expect(response.data.case).toEqual({
      id: target.id,
      reference: target.reference,
      status: target.status,
      survivor: {
        pseudonym: target.survivor.pseudonym,
        ageAtIncident: target.survivor.ageAtIncident,
        fullName: null,
        cnic: null,
        contactPhone: null,
      },
    });
    expect(response.errors).toHaveLength(3);
    expect(response.errors!.map((error) => error.path).sort()).toEqual(
      ['cnic', 'contactPhone', 'fullName'].map((field) => ['case', 'survivor', field]),
    );
    for (const error of response.errors!) {
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toMatch(/could not be recorded in the audit trail/);
    }
    const body = JSON.stringify(response);
    for (const secret of [target.survivor.fullName, target.survivor.cnic!, target.survivor.contactPhone!])
      expect(body).not.toContain(secret);
    expect(body).not.toMatch(/audit_entry_refused_in_test|constraint|insert into/i);
    expect(await entriesOf(requestId)).toEqual([]);
    expect((await verify()).ok).toBe(true);
  });
});

describe('concurrent requests', () => {
  it('keep one linear chain: twenty at once, each request’s entries consecutive links', async () => {
    const before = await entryCount();
    const requestIds = Array.from({ length: 20 }, (_, i) => newRequestId(`concurrent-${i}`));
    const responses = await Promise.all(
      requestIds.map((requestId, i) =>
        ask(`query($first: Int) { cases(first: $first) { edges { node { survivor { fullName cnic } } } } }`, {
          token: arcc,
          requestId,
          purpose: `ARCC-TEST-2026-${String(i).padStart(6, '0')}`,
          variables: { first: 3 + i },
        }),
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    const expected = requestIds.length * 2;
    expect(await entryCount()).toBe(before + expected);
    for (const [i, requestId] of requestIds.entries()) {
      const entries = await entriesOf(requestId);
      expect(entries.map((entry) => [entry.field, entry.row_ids?.length])).toEqual([
        ['Survivor.fullName', 3 + i],
        ['Survivor.cnic', 3 + i],
      ]);
      expectLinked(entries);
    }
    expect(await verify()).toEqual({ ok: true, entriesChecked: before + expected, firstBrokenSeq: null });
  });
});

describe("the trail's writer (group commit)", () => {
  const writer = () => new AuditChainWriter({ em: () => subgraph.service.database.fork(), schema: subgraph.service.database.schema });
  const entriesFor = (requestId: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      requestId,
      subject: 'counsellor-9',
      agency: 'ARCC' as const,
      field: i % 2 ? 'Survivor.cnic' : 'Survivor.fullName',
      rowIds: [target.id],
      purpose: null,
      outcome: 'ALLOWED' as const,
    }));

  it("writes the requests that wait while a write is in flight together, each request's entries consecutive", async () => {
    const chain = writer();
    const requestIds = Array.from({ length: 5 }, (_, i) => newRequestId(`grouped-${i}`));
    const statementsBefore = subgraph.service.database.statementCount();
    // The first starts a write at once; the four that come while it is in flight share the next one.
    await Promise.all(requestIds.map((requestId, i) => chain.append(entriesFor(requestId, i + 1))));
    expect(subgraph.service.database.statementCount() - statementsBefore).toBe(2 * AUDIT_WRITE_STATEMENTS);
    for (const [i, requestId] of requestIds.entries()) {
      const written = await entriesOf(requestId);
      expect(written).toHaveLength(i + 1);
      expectLinked(written);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('fails only the request whose entries the database refuses, and writes the others', async () => {
    const chain = writer();
    const [first, refused, kept] = ['first', 'refused', 'kept'].map((label) => newRequestId(`isolated-${label}`)) as [
      string,
      string,
      string,
    ];
    await sql(`alter table ${TRAIL} add constraint audit_entry_refused_in_test check (request_id <> '${refused}') not valid`);
    const outcomes = await Promise.allSettled([
      chain.append(entriesFor(first, 1)),
      chain.append(entriesFor(refused, 2)),
      chain.append(entriesFor(kept, 3)),
    ]).finally(() => sql(`alter table ${TRAIL} drop constraint audit_entry_refused_in_test`));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await entriesOf(refused)).toEqual([]);
    expect(await entriesOf(kept)).toHaveLength(3);
    expect((await verify()).ok).toBe(true);
  });
});

describe('the trail is append-only', () => {
  beforeAll(async () => {
    const response = await ask(SURVIVOR_IDENTITY, { token: arcc, requestId: newRequestId('append-only'), variables: { id: target.id } });
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['UPDATE', `update ${TRAIL} set agency = 'NPB'`],
    ['DELETE', `delete from ${TRAIL}`],
    ['TRUNCATE', `truncate ${TRAIL}`],
  ])('the database itself refuses %s', async (_, statement) => {
    const before = await entryCount();
    await expect(sql(statement)).rejects.toThrow(/audit_entry is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    expect(await entryCount()).toBe(before);
  });

  it('a reseed leaves it as it was', async () => {
    const before = await allEntries();
    await subgraph.service.database.seed(1);
    expect(await allEntries()).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });
});

describe('tampering', () => {
  it('with one entry’s agency, behind the trigger’s back, makes verification report exactly that entry', async () => {
    const entries = await allEntries();
    expect(entries.length).toBeGreaterThan(10);
    const index = Math.floor(entries.length / 2);
    const victim = entries[index]!;
    const tamper = async (agency: string) => {
      // As the database's superuser, who can switch the guard off: what the chain is for.
      await sql(`alter table ${TRAIL} disable trigger ${ROW_TRIGGER}`);
      try {
        await sql(`update ${TRAIL} set agency = ? where seq = ?`, [agency, victim.seq]);
      } finally {
        await sql(`alter table ${TRAIL} enable trigger ${ROW_TRIGGER}`);
      }
    };

    await tamper(victim.agency === 'NPB' ? 'SSOIU' : 'NPB');
    try {
      await expect(sql(`update ${TRAIL} set agency = 'ARCC' where seq = ?`, [victim.seq])).rejects.toThrow(/append-only/);
      const broken = { ok: false, entriesChecked: index + 1, firstBrokenSeq: victim.seq };
      expect(await verify()).toEqual(broken);
      expect(await verify(7)).toEqual(broken); // the same, a few entries per page
      const response = await graphql(subgraph.url, `{ verifyCaseAuditChain { ok entriesChecked firstBrokenSeq } }`, { token: auditor });
      expect(response.errors).toBeUndefined();
      expect(response.data.verifyCaseAuditChain).toEqual(broken);
    } finally {
      await tamper(victim.agency);
    }
    expect(await verify()).toEqual({ ok: true, entriesChecked: entries.length, firstBrokenSeq: null });
  });
});

describe('an entry of the first format (one row, audit-entry/v1)', () => {
  // Written as entries were before they were grouped by field: row_id set, row_ids null.
  const other = world.find((facts) => facts.id !== target.id)!;
  let seq: string;
  beforeAll(async () => {
    const [head] = await sql<{ hash: string | null; seq: string }>(
      `select (select hash from ${TRAIL} order by seq desc limit 1) as hash, nextval(pg_get_serial_sequence('${TRAIL}', 'seq'))::text as seq`,
    );
    seq = head!.seq;
    const fields = {
      previousHash: head!.hash ?? GENESIS_HASH,
      seq,
      recordedAt: new Date('2026-11-30T10:00:00.000Z'),
      requestId: newRequestId('first-format'),
      subject: 'arcc-officer-1',
      agency: 'ARCC' as const,
      field: 'Survivor.fullName',
      rowIds: null,
      rowId: target.id,
      purpose: null,
      outcome: 'ALLOWED' as const,
    };
    await sql(
      `insert into ${TRAIL} (seq, recorded_at, request_id, subject, agency, field, row_id, purpose, outcome, previous_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        seq,
        fields.recordedAt,
        fields.requestId,
        fields.subject,
        fields.agency,
        fields.field,
        fields.rowId,
        null,
        fields.outcome,
        fields.previousHash,
        auditEntryHash(fields),
      ],
    );
  });

  it('still verifies, and the entries written after it chain to it', async () => {
    const response = await ask(SURVIVOR_IDENTITY, {
      token: arcc,
      requestId: newRequestId('after-first-format'),
      variables: { id: target.id },
    });
    expect(response.errors).toBeUndefined();
    expect(await verify()).toEqual({ ok: true, entriesChecked: await entryCount(), firstBrokenSeq: null });
  });

  it('is listed with its one row in rowIds, and found by it', async () => {
    const response = await graphql(
      subgraph.url,
      `query($row: ID!) { caseAuditTrail(filter: { subject: "arcc-officer-1", rowId: $row }) { edges { node { seq rowIds } } } }`,
      { token: auditor, variables: { row: target.id } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.caseAuditTrail.edges).toEqual([{ node: { seq, rowIds: [target.id] } }]);
  });

  it('breaks the chain at itself if its row is changed, or moved into row_ids', async () => {
    for (const change of [`row_id = '${other.id}'`, `row_id = null, row_ids = array['${target.id}']::uuid[]`]) {
      await sql(`alter table ${TRAIL} disable trigger ${ROW_TRIGGER}`);
      try {
        await sql(`update ${TRAIL} set ${change} where seq = ?`, [seq]);
        expect((await verify()).firstBrokenSeq).toBe(seq);
        await sql(`update ${TRAIL} set row_id = ?, row_ids = null where seq = ?`, [target.id, seq]);
      } finally {
        await sql(`alter table ${TRAIL} enable trigger ${ROW_TRIGGER}`);
      }
    }
    expect((await verify()).ok).toBe(true);
  });
});

describe('an auditor', () => {
  const TRAIL_QUERY = `
    query Trail($filter: AuditEntryFilter, $first: Int, $after: String) {
      caseAuditTrail(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { seq recordedAt requestId subject agency field rowIds purpose outcome previousHash hash } }
      }
    }
  `;
  const asNode = (entry: EntryRow) => ({
    seq: entry.seq,
    recordedAt: entry.recorded_at.toISOString(),
    requestId: entry.request_id,
    subject: entry.subject,
    agency: entry.agency,
    field: entry.field,
    rowIds: entry.row_ids ?? (entry.row_id ? [entry.row_id] : []),
    purpose: entry.purpose,
    outcome: entry.outcome,
    previousHash: entry.previous_hash,
    hash: entry.hash,
  });
  const trail = async (variables: Record<string, unknown>) => {
    const response = await graphql(subgraph.url, TRAIL_QUERY, { token: auditor, variables });
    expect(response.errors).toBeUndefined();
    return response.data.caseAuditTrail;
  };

  let mine: EntryRow[];
  let denied: EntryRow[];
  // An investigating officer reads the survivors of two cases assigned to them.
  const [officerId, [audited, other]] = [
    ...Map.groupBy(
      world.filter((facts) => facts.investigation),
      (facts) => facts.investigation!.investigatingOfficerId,
    ),
  ].find(([, cases]) => cases.length >= 2)! as [string, CaseFacts[]];
  let readAt: Date;

  beforeAll(async () => {
    const officer = await tokenFor({ agency: 'SSOIU', sub: officerId, province: audited!.province });
    const requestId = newRequestId('audited-officer');
    readAt = new Date();
    for (const id of [audited!.id, other!.id]) {
      const response = await ask(SURVIVOR_IDENTITY, { token: officer, requestId, purpose: audited!.reference, variables: { id } });
      expect(response.errors).toBeUndefined();
    }
    mine = await entriesOf(requestId);
    expect(mine).toHaveLength(6);

    // Denials go through the same API (access control records them when it refuses a field).
    const deniedId = newRequestId('denied');
    const { database } = subgraph.service;
    const log = new AuditLog({
      writer: new AuditChainWriter({ em: () => database.fork(), schema: database.schema }),
      viewer: { sub: 'court-clerk-3', agency: 'COURT', roles: [], scopes: ['agency:COURT'] },
      requestId: deniedId,
    });
    await Promise.all([
      log.record({ field: 'Survivor.fullName', rowId: target.id, outcome: 'DENIED' }),
      log.record({ field: 'Survivor.cnic', rowId: target.id, outcome: 'DENIED' }),
    ]);
    denied = await entriesOf(deniedId);
    expect(denied.map((entry) => [entry.field, entry.outcome, entry.row_ids])).toEqual([
      ['Survivor.fullName', 'DENIED', [target.id]],
      ['Survivor.cnic', 'DENIED', [target.id]],
    ]);
    expectLinked(denied);
  });

  it('lists the trail newest first, by seq, every field as recorded', async () => {
    const all = await allEntries();
    const page = await trail({ first: 20 });
    expect(page.totalCount).toBe(all.length);
    expect(page.edges.map((edge: any) => edge.node)).toEqual(all.reverse().slice(0, 20).map(asNode));
  });

  it.each([
    ['subject', () => ({ subject: officerId }), () => mine],
    ['agency', () => ({ agency: 'SSOIU' }), () => mine],
    ['field', () => ({ subject: officerId, field: 'Survivor.cnic' }), () => mine.filter((e) => e.field === 'Survivor.cnic')],
    ['row', () => ({ subject: officerId, rowId: other!.id.toUpperCase() }), () => mine.filter((e) => e.row_ids?.includes(other!.id))],
    ['outcome', () => ({ outcome: 'DENIED' }), () => denied],
    [
      'time',
      () => ({
        subject: officerId,
        recordedFrom: new Date(readAt.getTime() - 1_000).toISOString(),
        recordedBefore: new Date(Date.now() + 60_000).toISOString(),
      }),
      () => mine,
    ],
    ['time, excluding', () => ({ subject: officerId, recordedBefore: new Date(readAt.getTime() - 1_000).toISOString() }), () => []],
  ] as const)('filters by %s', async (_, filter, expected) => {
    const page = await trail({ filter: filter(), first: 100 });
    const want = [...expected()].reverse().map(asNode);
    expect(page.totalCount).toBe(want.length);
    expect(page.edges.map((edge: any) => edge.node)).toEqual(want);
  });

  it('refuses a malformed row id as the caller’s error', async () => {
    const response = await graphql(subgraph.url, TRAIL_QUERY, {
      token: auditor,
      variables: { filter: { rowId: 'not-a-uuid' }, first: 100 },
    });
    expect(response.data.caseAuditTrail).toBeNull();
    expect(response.errors?.map((e) => [e.extensions?.code, e.message.split(' ')[0]])).toEqual([['BAD_USER_INPUT', '"filter.rowId"']]);
  });

  it('finds a row’s entries through the row indexes, not by walking the trail in seq order', async () => {
    const { database } = subgraph.service;
    const em = database.fork() as SqlEntityManager;
    const query = em
      .createQueryBuilder(AuditEntryWithMutationsSchema)
      .where(auditTrailWhere({ rowId: other!.id }, database.schema) as never)
      .orderBy({ seq: 'desc' })
      .limit(101)
      .getFormattedQuery();
    // The test's trail is small enough for a sequential scan to win; as in test/query-plans.test.ts, plan as for a large one.
    const connection = em.getConnection();
    const plan = await connection.transactional(async (trx) => {
      await connection.execute('set local enable_seqscan = off', [], 'run', trx);
      return JSON.stringify(await connection.execute(`explain (format json) ${query}`, [], 'all', trx));
    });
    expect(plan).toContain('audit_entry_row_ids_index');
    expect(plan).toContain('audit_entry_row_id_seq_index');
  });

  it('pages through the trail with first and after, without overlap or gap', async () => {
    const all = (await allEntries()).reverse().map((entry) => entry.seq);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await trail({ first: 17, after });
      seen.push(...page.edges.map((edge: any) => edge.node.seq));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a cursor that is not one of the trail’s', async () => {
    const casesCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', target.id])).toString('base64url');
    for (const after of [
      casesCursor,
      Buffer.from('["drop"]').toString('base64url'),
      Buffer.from('["99999999999999999999"]').toString('base64url'),
    ]) {
      const response = await graphql(subgraph.url, TRAIL_QUERY, { token: auditor, variables: { first: 5, after } });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('verifies the chain through the graph', async () => {
    const response = await graphql(subgraph.url, `{ verifyCaseAuditChain { ok entriesChecked firstBrokenSeq } }`, { token: auditor });
    expect(response.errors).toBeUndefined();
    expect(response.data.verifyCaseAuditChain).toEqual({ ok: true, entriesChecked: await entryCount(), firstBrokenSeq: null });
  });
});

describe('migrating back to one entry per read', () => {
  it('is refused while entries name their rows in row_ids, and leaves the trail as it was', async () => {
    const before = await allEntries();
    expect(before.some((entry) => entry.row_ids !== null)).toBe(true);
    // Back to the migration before entries were grouped by field: the later ones go first, in the same transaction.
    await expect(subgraph.service.database.orm.migrator.down({ to: 'Migration20261201133741_verdict_outcome' })).rejects.toThrow(
      /dropping it would lose them/,
    );
    expect(await allEntries()).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });
});

describe('leaving the audit trail out (for bench/ only)', () => {
  it('is refused in production, before any database is opened', async () => {
    const env = { NODE_ENV: 'production', SUBGRAPH_HMAC_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://idp.invalid/jwks.json' };
    // A database that cannot be reached: opening it would fail otherwise.
    const storage = { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:9/none' } as const;
    await expect(createCasesService({ env, storage, parts: defaultSubgraphParts({ leaveOut: ['audit-trail'] }) })).rejects.toThrow(
      /without its audit trail \(the audit-trail part\) in production/,
    );
  });
});
