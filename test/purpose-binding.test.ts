import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PURPOSE_HEADER } from '#identity';
import { registerEntries, type CaseFacts, type OffenderFacts } from '#synthetic-world';
import { EXPECTED_ACCESS } from './fixtures/expected-access.ts';
import { graphql, type GraphQLResponse } from '#test-kit';
import { investigatorOf } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

/**
 * STATED_PURPOSE, end to end through the gateway (DESIGN section 4): an SSOIU
 * officer reads a registered offender's identity only while stating, in
 * `x-case-purpose`, a case they are assigned to; the register checks that
 * with the cases subgraph, as the officer. Every identity read is on the
 * register's audit trail as ALLOWED with the purpose; every refusal as DENIED
 * (row null: refused on the stated purpose alone). Each request carries its
 * own x-request-id, so its entries are found exactly among the trail's.
 */

const gatewayUrl = inject('gatewayUrl');

const IDENTITY = ['fullName', 'aliases', 'cnic', 'dateOfBirth'] as const;
const IDENTITY_FIELDS = IDENTITY.map((field) => `Offender.${field}`).sort();

const BY_CNIC = /* GraphQL */ `
  query EntryByCnic($cnic: String!) {
    offenderByCnic(cnic: $cnic) { id registerNumber riskTier fullName aliases cnic dateOfBirth }
  }
`;
const THROUGH_CASE = /* GraphQL */ `
  query EntryThroughCase($id: ID!) {
    case(id: $id) { reference suspects { cnic registerEntry { id registerNumber riskTier fullName aliases cnic dateOfBirth } } }
  }
`;

// --- The world: a case with an investigation, a FIR and a suspect on the register --------------

const world = seededCases();
const entriesByCnic = new Map<string, OffenderFacts>([...registerEntries(1)].map((entry) => [entry.cnic, entry]));
const registeredSuspect = (facts: CaseFacts) => facts.suspects.find((suspect) => suspect.cnic && entriesByCnic.has(suspect.cnic));

/** With aliases on the register entry, so every identity field has a value to withhold. */
const target = world.find(
  (facts) => facts.investigation && facts.fir && (entriesByCnic.get(registeredSuspect(facts)?.cnic ?? '')?.aliases.length ?? 0) > 0,
)!;
const entry = entriesByCnic.get(registeredSuspect(target)!.cnic!)!;
const officerId = target.investigation!.investigatingOfficerId;
/** A case of the same province the officer is not assigned to: only the assignment differs. */
const otherCase = world.find(
  (facts) => facts.province === target.province && facts.investigation && facts.investigation.investigatingOfficerId !== officerId,
)!;
/** Another real officer of the same province, assigned to other cases but not to the target. */
const otherOfficerId = otherCase.investigation!.investigatingOfficerId;

const identityOf = (offender: OffenderFacts) => ({
  fullName: offender.fullName,
  aliases: offender.aliases,
  cnic: offender.cnic,
  dateOfBirth: offender.dateOfBirth,
});
const withheld = { fullName: null, aliases: null, cnic: null, dateOfBirth: null };
const unauthorized = (...paths: (string | number)[][]) =>
  paths.map((path) => ({ message: 'Unauthorized field or type', path, extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }));
const sortedByPath = <T extends { path?: (string | number)[] }>(errors: T[] | undefined) =>
  [...(errors ?? [])].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));

// --- Requests and the trail ---------------------------------------------------------------------

let auditor: string;
let officer: string;
beforeAll(async () => {
  auditor = await tokenFor({ agency: 'AUDITOR', sub: 'auditor-purpose-binding' });
  officer = await tokenFor(investigatorOf(target).identity);
});

const newRequestId = (label: string) => `purpose-binding-${label}-${randomUUID()}`;

function ask(
  query: string,
  options: { token: string; requestId: string; purpose?: string; variables: Record<string, unknown> },
): Promise<GraphQLResponse> {
  return graphql(gatewayUrl, query, {
    token: options.token,
    variables: options.variables,
    headers: { 'x-request-id': options.requestId, ...(options.purpose !== undefined ? { [PURPOSE_HEADER]: options.purpose } : {}) },
  });
}

interface TrailEntry {
  requestId: string;
  subject: string;
  agency: string;
  field: string;
  rowIds: string[];
  purpose: string | null;
  outcome: 'ALLOWED' | 'DENIED';
}

/** The register's entries of one request, read by an auditor (filtered by subject on the server, by request id here). */
async function registerTrailOf(subject: string, requestId: string): Promise<TrailEntry[]> {
  const { data, errors } = await graphql(
    gatewayUrl,
    /* GraphQL */ `
      query RegisterTrail($filter: AuditEntryFilter) {
        registerAuditTrail(filter: $filter, first: 1000) { edges { node { requestId subject agency field rowIds purpose outcome } } }
      }
    `,
    { token: auditor, variables: { filter: { subject } } },
  );
  expect(errors).toBeUndefined();
  return (data.registerAuditTrail.edges as { node: TrailEntry }[])
    .map(({ node }) => node)
    .filter((node) => node.requestId === requestId)
    .sort((a, b) => a.field.localeCompare(b.field));
}

const deniedOnPurpose = (subject: string, requestId: string, purpose: string | null) =>
  IDENTITY_FIELDS.map((field) => ({ requestId, subject, agency: 'SSOIU', field, rowIds: [], purpose, outcome: 'DENIED' }));

/** The officer's read of the entry, refused on the purpose alone: identity null with an error each, the rest of the entry present. */
function expectIdentityRefused(response: GraphQLResponse) {
  expect(response.status).toBe(200);
  expect(response.data.offenderByCnic).toEqual({
    id: entry.id,
    registerNumber: entry.registerNumber,
    riskTier: entry.riskTier,
    ...withheld,
  });
  expect(sortedByPath(response.errors)).toEqual(sortedByPath(unauthorized(...IDENTITY.map((field) => ['offenderByCnic', field]))));
  // Nothing of the identity anywhere in the response, errors included.
  const text = JSON.stringify(response);
  expect(text).not.toContain(entry.fullName);
  expect(text).not.toContain(entry.cnic);
  expect(text).not.toContain(entry.dateOfBirth);
}

describe('offender identity for an SSOIU officer is bound to a stated case they are assigned to', () => {
  it('the world has what the test needs', () => {
    // The premises, so that a change to the seed fails here and not obscurely below.
    expect(EXPECTED_ACCESS.get('Offender.fullName')?.SSOIU).toBe('stated purpose');
    expect(EXPECTED_ACCESS.get('Offender.fullName')?.NPB).toBe('yes');
    expect(target.suspects.some((suspect) => suspect.cnic === entry.cnic)).toBe(true);
    expect(entry.aliases.length).toBeGreaterThan(0);
    expect(otherCase.id).not.toBe(target.id);
    expect(otherOfficerId).not.toBe(officerId);
    expect(world.some((facts) => facts.investigation?.investigatingOfficerId === otherOfficerId && facts.id !== target.id)).toBe(true);
  });

  it('(a) the assigned officer stating the case reference reads fullName, aliases, cnic and dateOfBirth, each read ALLOWED on the trail with that purpose', async () => {
    const requestId = newRequestId('assigned');
    const response = await ask(BY_CNIC, { token: officer, requestId, purpose: target.reference, variables: { cnic: entry.cnic } });
    expect(response.errors).toBeUndefined();
    expect(response.data.offenderByCnic).toEqual({
      id: entry.id,
      registerNumber: entry.registerNumber,
      riskTier: entry.riskTier,
      ...identityOf(entry),
    });

    expect(await registerTrailOf(officerId, requestId)).toEqual(
      IDENTITY_FIELDS.map((field) => ({
        requestId,
        subject: officerId,
        agency: 'SSOIU',
        field,
        rowIds: [entry.id],
        purpose: target.reference,
        outcome: 'ALLOWED',
      })),
    );
  });

  it('(a) the same holds for the entry reached through the case’s suspects, across subgraphs (_entities by the suspect’s CNIC), cnic included', async () => {
    const requestId = newRequestId('assigned-through-case');
    const response = await ask(THROUGH_CASE, { token: officer, requestId, purpose: target.reference, variables: { id: target.id } });
    expect(response.errors).toBeUndefined();
    const suspect = response.data.case.suspects.find((s: { cnic: string | null }) => s.cnic === entry.cnic);
    expect(suspect.registerEntry).toEqual({
      id: entry.id,
      registerNumber: entry.registerNumber,
      riskTier: entry.riskTier,
      ...identityOf(entry),
    });

    // Every identity field, the CNIC too, is answered by the register under its purpose rule and recorded there.
    const trail = await registerTrailOf(officerId, requestId);
    // One entry per field names every register entry among the case's suspects, this one included.
    expect(trail.filter((e) => e.rowIds.includes(entry.id))).toEqual(
      IDENTITY_FIELDS.map((field) => ({
        requestId,
        subject: officerId,
        agency: 'SSOIU',
        field,
        rowIds: expect.arrayContaining([entry.id]),
        purpose: target.reference,
        outcome: 'ALLOWED',
      })),
    );
    expect(trail.every((e) => e.outcome === 'ALLOWED' && e.purpose === target.reference)).toBe(true);
  });

  it('(b) through the case’s suspects, without a purpose, the whole identity (cnic included) is refused and DENIED on the register’s trail', async () => {
    const requestId = newRequestId('no-purpose-through-case');
    const response = await ask(THROUGH_CASE, { token: officer, requestId, variables: { id: target.id } });
    const index = response.data.case.suspects.findIndex((s: { cnic: string | null }) => s.cnic === entry.cnic);
    expect(response.data.case.suspects[index].registerEntry).toEqual({
      id: entry.id,
      registerNumber: entry.registerNumber,
      riskTier: entry.riskTier,
      fullName: null,
      aliases: null,
      cnic: null,
      dateOfBirth: null,
    });
    expect(sortedByPath(response.errors)).toEqual(
      sortedByPath(
        unauthorized(...['fullName', 'aliases', 'cnic', 'dateOfBirth'].map((field) => ['case', 'suspects', index, 'registerEntry', field])),
      ),
    );
    const text = JSON.stringify(response.data.case.suspects[index].registerEntry);
    expect(text).not.toContain(entry.fullName);
    expect(text).not.toContain(entry.cnic);
    expect(text).not.toContain(entry.dateOfBirth);
    expect(await registerTrailOf(officerId, requestId)).toEqual(deniedOnPurpose(officerId, requestId, null));
  });

  it('a suspect whose CNIC is not on the register has no register entry (null), not an entry made of the suspect’s own CNIC', async () => {
    const facts = world.find((c) => c.province === target.province && c.suspects.some((s) => s.cnic && !entriesByCnic.has(s.cnic)))!;
    expect(facts, 'a case of the province with a suspect not on the register').toBeDefined();
    const response = await ask(THROUGH_CASE, {
      token: officer,
      requestId: newRequestId('unregistered-suspect'),
      purpose: target.reference,
      variables: { id: facts.id },
    });
    expect(response.errors).toBeUndefined();
    const unregistered = response.data.case.suspects.filter((s: { cnic: string | null }) => s.cnic && !entriesByCnic.has(s.cnic));
    expect(unregistered.length).toBeGreaterThan(0);
    for (const suspect of unregistered) expect(suspect.registerEntry).toBeNull();
  });

  it('(b) the same officer stating no purpose is refused the identity, still gets registerNumber and riskTier, and each refusal is DENIED on the trail with purpose null', async () => {
    const requestId = newRequestId('no-purpose');
    const response = await ask(BY_CNIC, { token: officer, requestId, variables: { cnic: entry.cnic } });
    expectIdentityRefused(response);
    expect(await registerTrailOf(officerId, requestId)).toEqual(deniedOnPurpose(officerId, requestId, null));
  });

  it('(b) an empty purpose header counts as no purpose', async () => {
    const requestId = newRequestId('empty-purpose');
    const response = await ask(BY_CNIC, { token: officer, requestId, purpose: '  ', variables: { cnic: entry.cnic } });
    expectIdentityRefused(response);
    expect(await registerTrailOf(officerId, requestId)).toEqual(deniedOnPurpose(officerId, requestId, null));
  });

  it('(c) the officer stating a case of their province they are not assigned to is refused, and DENIED is recorded with that purpose', async () => {
    const requestId = newRequestId('not-assigned');
    const response = await ask(BY_CNIC, { token: officer, requestId, purpose: otherCase.reference, variables: { cnic: entry.cnic } });
    expectIdentityRefused(response);
    expect(await registerTrailOf(officerId, requestId)).toEqual(deniedOnPurpose(officerId, requestId, otherCase.reference));
  });

  it('(c) stating a well-formed reference of no case at all is refused the same way', async () => {
    const requestId = newRequestId('no-such-case');
    const purpose = 'ARCC-XXX9-2099-999999';
    const response = await ask(BY_CNIC, { token: officer, requestId, purpose, variables: { cnic: entry.cnic } });
    expectIdentityRefused(response);
    expect(await registerTrailOf(officerId, requestId)).toEqual(deniedOnPurpose(officerId, requestId, purpose));
  });

  it('(d) the cases subgraph knows the officer’s case by its FIR number (assignedToCase), as the purpose check asks it', async () => {
    const answer = await graphql(gatewayUrl, 'query($ref: String!) { assignedToCase(reference: $ref) }', {
      token: officer,
      variables: { ref: target.fir!.number },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.assignedToCase).toBe(true);
  });

  // FIR numbers name their police station in words ("FIR-0031/2025-PS Civil Lines Faisalabad").
  it('(d) stating the case by its FIR number works as well as by its reference', async () => {
    const requestId = newRequestId('fir');
    const response = await ask(BY_CNIC, { token: officer, requestId, purpose: target.fir!.number, variables: { cnic: entry.cnic } });
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.offenderByCnic).toEqual({
      id: entry.id,
      registerNumber: entry.registerNumber,
      riskTier: entry.riskTier,
      ...identityOf(entry),
    });
    expect(await registerTrailOf(officerId, requestId)).toEqual(
      IDENTITY_FIELDS.map((field) => ({
        requestId,
        subject: officerId,
        agency: 'SSOIU',
        field,
        rowIds: [entry.id],
        purpose: target.fir!.number,
        outcome: 'ALLOWED',
      })),
    );
  });

  it('(e) another SSOIU officer of the same province stating the first officer’s case is refused, and DENIED is recorded under their own subject', async () => {
    const requestId = newRequestId('other-officer');
    const colleague = await tokenFor({ agency: 'SSOIU', province: target.province, sub: otherOfficerId });
    const response = await ask(BY_CNIC, { token: colleague, requestId, purpose: target.reference, variables: { cnic: entry.cnic } });
    expectIdentityRefused(response);
    expect(await registerTrailOf(otherOfficerId, requestId)).toEqual(deniedOnPurpose(otherOfficerId, requestId, target.reference));
    // And none under the assigned officer's name for that request.
    expect(await registerTrailOf(officerId, requestId)).toEqual([]);
  });

  it('(e) ...while stating a case assigned to them does let the other officer read it', async () => {
    const requestId = newRequestId('other-officer-own-case');
    const colleague = await tokenFor({ agency: 'SSOIU', province: otherCase.province, sub: otherOfficerId });
    const response = await ask(BY_CNIC, { token: colleague, requestId, purpose: otherCase.reference, variables: { cnic: entry.cnic } });
    expect(response.errors).toBeUndefined();
    expect(response.data.offenderByCnic).toMatchObject(identityOf(entry));
  });

  it('(f) a malformed purpose header is refused with BAD_USER_INPUT, nothing answered and nothing recorded', async () => {
    for (const purpose of ['because I wanted to', `${target.reference}; drop table audit_entry`, `${target.reference}-${'X'.repeat(64)}`]) {
      const requestId = newRequestId('malformed');
      const response = await ask(BY_CNIC, { token: officer, requestId, purpose, variables: { cnic: entry.cnic } });
      expect(response.status).toBe(400);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(await registerTrailOf(officerId, requestId)).toEqual([]);
    }
  });

  it('(g) NPB reads the identity without stating any purpose, recorded ALLOWED with purpose null', async () => {
    const requestId = newRequestId('npb');
    const subject = `npb-purpose-binding-${randomUUID()}`;
    const npb = await tokenFor({ agency: 'NPB', sub: subject });
    const response = await ask(BY_CNIC, { token: npb, requestId, variables: { cnic: entry.cnic } });
    expect(response.errors).toBeUndefined();
    expect(response.data.offenderByCnic).toEqual({
      id: entry.id,
      registerNumber: entry.registerNumber,
      riskTier: entry.riskTier,
      ...identityOf(entry),
    });
    expect(await registerTrailOf(subject, requestId)).toEqual(
      IDENTITY_FIELDS.map((field) => ({ requestId, subject, agency: 'NPB', field, rowIds: [entry.id], purpose: null, outcome: 'ALLOWED' })),
    );
  });
});
