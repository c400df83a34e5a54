import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#audit';
import { registerEntries } from '#synthetic-world';
import { graphql } from '#test-kit';
import { isolatedStorage, type IsolatedStorage } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { tokenFor } from '#test-kit';
import { createOffendersService } from '../src/server.ts';

// The register's audit trail, in the offenders subgraph's own schema. The
// chain, the batching and the failure modes are the kit's and are tested at
// length with the cases subgraph; here, what the register records and serves.

const TRAIL = '"offenders"."audit_entry"';
const SENSITIVE = ['Offender.aliases', 'Offender.cnic', 'Offender.currentAddress', 'Offender.dateOfBirth', 'Offender.fullName'];
const [entry, second] = [...registerEntries(1)];

let isolated: IsolatedStorage;
let subgraph: SubgraphUnderTest;
let officer: string;
let auditor: string;

beforeAll(async () => {
  isolated = await isolatedStorage('offenders_audit');
  subgraph = await startSubgraphForTest(createOffendersService, { storage: isolated.storage });
  // The register's own staff read identity and address without a stated purpose; an SSOIU officer's purpose
  // is checked against the cases subgraph, so that is tested with the whole stack (test/purpose-binding.test.ts).
  officer = await tokenFor({ agency: 'NPB', sub: 'officer-12', province: entry!.province });
  auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-2' });
});

afterAll(async () => {
  await subgraph?.stop();
  await isolated?.drop();
});

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await subgraph.service.database.fork().getConnection().execute(text, params)) as T[];

interface EntryRow {
  seq: string;
  subject: string;
  agency: string;
  field: string;
  row_ids: string[];
  purpose: string | null;
  outcome: string;
  previous_hash: string;
  hash: string;
}
const entriesOf = (requestId: string) =>
  sql<EntryRow>(
    `select e.seq::text as seq, e.subject, e.agency, e.field, to_json(e.row_ids) as row_ids, e.purpose, e.outcome, e.previous_hash, e.hash
     from ${TRAIL} e where e.request_id = ? order by e.seq`,
    [requestId],
  );

const IDENTITY = `query($id: ID!) { offender(id: $id) { id registerNumber riskTier fullName aliases cnic dateOfBirth currentAddress { line1 city } } }`;

describe('reading an offender’s identity and address', () => {
  it('appends an ALLOWED entry per field, keyed by the register entry, with the stated purpose', async () => {
    const requestId = 'register-audit-read';
    const response = await graphql(subgraph.url, IDENTITY, {
      token: officer,
      variables: { id: entry!.id },
      headers: { 'x-request-id': requestId, 'x-case-purpose': 'PS-LHR-2025-000123' },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.offender).toMatchObject({
      id: entry!.id,
      fullName: entry!.fullName,
      cnic: entry!.cnic,
      dateOfBirth: entry!.dateOfBirth,
    });

    const entries = await entriesOf(requestId);
    expect(entries.map((e) => e.field).sort()).toEqual(SENSITIVE);
    for (const e of entries) {
      expect(e).toMatchObject({
        subject: 'officer-12',
        agency: 'NPB',
        row_ids: [entry!.id],
        purpose: 'PS-LHR-2025-000123',
        outcome: 'ALLOWED',
      });
    }
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.previous_hash).toBe(entries[i - 1]!.hash);
  });

  it("records a page of the register as one entry per field, naming the page's entries in order", async () => {
    const requestId = 'register-audit-page';
    const response = await graphql(
      subgraph.url,
      `query($district: String!) { searchRegister(filter: { district: $district }, first: 50) { edges { node { id fullName cnic currentAddress { line1 } } } } }`,
      { token: officer, variables: { district: entry!.district }, headers: { 'x-request-id': requestId } },
    );
    expect(response.errors).toBeUndefined();
    const pageIds = response.data.searchRegister.edges.map((edge: any) => edge.node.id);
    expect(pageIds.length).toBeGreaterThan(1);
    const entries = await entriesOf(requestId);
    expect(entries.map((e) => e.field).sort()).toEqual(['Offender.cnic', 'Offender.currentAddress', 'Offender.fullName']);
    for (const e of entries) expect(e).toMatchObject({ subject: 'officer-12', agency: 'NPB', row_ids: pageIds, outcome: 'ALLOWED' });
  });

  it('records nothing for the entry’s other fields', async () => {
    const requestId = 'register-audit-other';
    const response = await graphql(
      subgraph.url,
      `query($id: ID!) { offender(id: $id) { id registerNumber riskTier compliance { status } } }`,
      {
        token: officer,
        variables: { id: entry!.id },
        headers: { 'x-request-id': requestId },
      },
    );
    expect(response.errors).toBeUndefined();
    expect(await entriesOf(requestId)).toEqual([]);
  });

  it('is append-only in the database', async () => {
    await expect(sql(`update ${TRAIL} set agency = 'NPB'`)).rejects.toThrow(/append-only/);
    await expect(sql(`delete from ${TRAIL}`)).rejects.toThrow(/append-only/);
    await expect(sql(`truncate ${TRAIL}`)).rejects.toThrow(/append-only/);
  });
});

describe('an auditor', () => {
  it('reads the register’s trail, filtered by row, and verifies its chain', async () => {
    const requestId = 'register-audit-second';
    const read = await graphql(subgraph.url, IDENTITY, {
      token: officer,
      variables: { id: second!.id },
      headers: { 'x-request-id': requestId },
    });
    expect(read.errors).toBeUndefined();
    const recorded = await entriesOf(requestId);

    const response = await graphql(
      subgraph.url,
      `query($rowId: ID!) {
        registerAuditTrail(filter: { rowId: $rowId }, first: 10) { totalCount edges { node { seq subject agency field rowIds purpose outcome hash } } }
        verifyRegisterAuditChain { ok entriesChecked firstBrokenSeq }
      }`,
      { token: auditor, variables: { rowId: second!.id } },
    );
    expect(response.errors).toBeUndefined();
    const { registerAuditTrail, verifyRegisterAuditChain } = response.data;
    expect(registerAuditTrail.totalCount).toBe(5);
    expect(registerAuditTrail.edges.map((edge: any) => edge.node)).toEqual(
      [...recorded].reverse().map((e) => ({
        seq: e.seq,
        subject: e.subject,
        agency: e.agency,
        field: e.field,
        rowIds: e.row_ids,
        purpose: null,
        outcome: 'ALLOWED',
        hash: e.hash,
      })),
    );
    const total = Number((await sql<{ n: string }>(`select count(*)::text as n from ${TRAIL}`))[0]!.n);
    expect(verifyRegisterAuditChain).toEqual({ ok: true, entriesChecked: total, firstBrokenSeq: null });
    expect(await verifyAuditChain(subgraph.service.database.fork())).toEqual(verifyRegisterAuditChain);
  });
});
