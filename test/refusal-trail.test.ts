import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REFUSALS_PATH } from '#audit';
import { graphql } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');
const subgraphUrls = inject('subgraphUrls');

// Fields the gateway takes out before planning never reach a subgraph: the
// gateway reports them to the subgraph that owns each, which records them on
// its own trail. What the trails hold is read back as an auditor would.

const TRAILS = {
  cases: 'caseAuditTrail',
  offenders: 'registerAuditTrail',
  courts: 'courtsAuditTrail',
  'crisis-cells': 'crisisCellsAuditTrail',
} as const;

let auditor: string;
beforeAll(async () => {
  auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-refusals' });
});

interface Entry {
  subject: string;
  agency: string;
  field: string;
  rowIds: string[];
  purpose: string | null;
  outcome: string;
  requestId: string;
}

async function refusalsOf(trail: keyof typeof TRAILS, subject: string): Promise<Entry[]> {
  const field = TRAILS[trail];
  const { data, errors } = await graphql(
    gatewayUrl,
    `query($filter: AuditEntryFilter) { ${field}(filter: $filter, first: 100) { edges { node { subject agency field rowIds purpose outcome requestId } } } }`,
    { token: auditor, variables: { filter: { subject, outcome: 'DENIED' } } },
  );
  expect(errors).toBeUndefined();
  return data[field].edges.map((edge: { node: Entry }) => edge.node);
}

describe('refusals at the gateway are recorded by the subgraphs that own the fields', () => {
  it("records each field taken out on its owner's trail: who, agency, field, no row, the request and its stated purpose", async () => {
    const sub = `nadra-${randomUUID()}`;
    const token = await tokenFor({ agency: 'NADRA', sub });
    const requestId = `refusals-${randomUUID()}`;
    const facts = seededCases().find((c) => c.trial)!;
    const { data, errors } = await graphql(
      gatewayUrl,
      `query($id: ID!) { case(id: $id) { id } trial(id: "${facts.trial!.id}") { id } crisisCell(id: "${facts.crisisCellId ?? seededCases().find((c) => c.crisisCellId)!.crisisCellId}") { name capacity } }`,
      { token, variables: { id: facts.id }, headers: { 'x-request-id': requestId, 'x-case-purpose': facts.reference } },
    );
    expect(data.case).toBeNull();
    expect(data.trial).toBeNull();
    expect(data.crisisCell.capacity).toBeNull();
    expect(data.crisisCell.name).toEqual(expect.any(String));
    expect((errors ?? []).map((e) => e.path?.join('.')).sort()).toEqual(['case', 'crisisCell.capacity', 'trial']);

    const common = { subject: sub, agency: 'NADRA', rowIds: [], purpose: facts.reference, outcome: 'DENIED', requestId };
    expect(await refusalsOf('cases', sub)).toEqual([{ ...common, field: 'Query.case' }]);
    expect(await refusalsOf('courts', sub)).toEqual([{ ...common, field: 'Query.trial' }]);
    expect(await refusalsOf('crisis-cells', sub)).toEqual([{ ...common, field: 'CrisisCell.capacity' }]);
    expect(await refusalsOf('offenders', sub)).toEqual([]);
  });

  it('records the refusals of a caller without a token as anonymous', async () => {
    const requestId = `anonymous-${randomUUID()}`;
    const { data } = await graphql(gatewayUrl, '{ searchRegister(first: 1) { totalCount } }', { headers: { 'x-request-id': requestId } });
    expect(data.searchRegister).toBeNull();
    const entries = (await refusalsOf('offenders', 'anonymous')).filter((entry) => entry.requestId === requestId);
    expect(entries).toEqual([
      { subject: 'anonymous', agency: 'PUBLIC', field: 'Query.searchRegister', rowIds: [], purpose: null, outcome: 'DENIED', requestId },
    ]);
  });

  it('refuses a refusal report that names fields the subgraph does not own, or is not a report, and records nothing', async () => {
    const sub = `forger-${randomUUID()}`;
    const token = await tokenFor({ agency: 'NPB', sub });
    const post = (body: string) =>
      fetch(new URL(REFUSALS_PATH, subgraphUrls.courts), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    expect((await post(JSON.stringify({ fields: ['Survivor.fullName'] }))).status).toBe(400);
    expect((await post(JSON.stringify({ fields: [] }))).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect(
      (
        await fetch(new URL(REFUSALS_PATH, subgraphUrls.courts), {
          method: 'POST',
          headers: { authorization: 'Bearer forged' },
          body: '{"fields":["Trial.verdict"]}',
        })
      ).status,
    ).toBe(401);
    expect(await refusalsOf('courts', sub)).toEqual([]);
  });
});
