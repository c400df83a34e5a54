import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayService } from '../gateway/server.ts';
import { listen, type ListeningService } from '#service';
import { AGENCIES, type Agency } from '#reference-data';
import { CRISIS_CELLS_BY_CODE } from '#synthetic-world';
import {
  callerFor,
  graphql,
  type GraphQLResponse,
  type RunningStack,
  seededCases,
  sqlStatementsDuring,
  startStack,
  tokenFor,
} from '#test-kit';
import { EXPECTED_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The write path (DESIGN section 7) end to end, through the gateway over
 * HTTP, on a stack of its own (its writes would change the seeded world the
 * shared stack's tests count): the crisis cell's intake (openCase) and its
 * medico-legal examination (recordMedicoLegalExam), done, refused by agency,
 * refused by row, invalid, out of step and stale; each on the audit trail,
 * committed with the change; and a constant number of SQL statements.
 */

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const OTHER_CELL = CRISIS_CELLS_BY_CODE.get('LHR1')!;
const YEAR = new Date(Date.now() + 5 * 3_600_000).getUTCFullYear();
const arcc = (cell = CELL) => tokenFor({ agency: 'ARCC', sub: `writes-arcc-${cell.code}`, cellId: cell.id });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'writes-auditor' });

let stack: RunningStack;

// A stack of its own, on a copy of the seeded world: its writes disturb no test that counts the seeded rows.
beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await stack?.stop();
});

const OPEN_CASE = /* GraphQL */ `
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      case { id reference status version province district crisisCell { id name } survivor { pseudonym fullName cnic contactPhone ageAtIncident } }
      userErrors { field code message }
    }
  }
`;

const RECORD_EXAM = /* GraphQL */ `
  mutation RecordExam($input: RecordMedicoLegalExamInput!) {
    recordMedicoLegalExam(input: $input) {
      case { id version medicoLegalExam { examinedAt hoursAfterReport examinerName dnaSamplesTaken findingsSummary } }
      userErrors { field code message }
    }
  }
`;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const intake = (overrides: Record<string, unknown> = {}, survivor: Record<string, unknown> = {}) => ({
  reportedAt: hoursAgo(6),
  category: 'RAPE',
  offenceSections: ['PPC 376(1)'],
  district: 'Peshawar',
  ...overrides,
  survivor: { fullName: 'Synthetic Survivor', cnic: '17301-1234567-8', contactPhone: '0301-1234567', ageAtIncident: 24, ...survivor },
});

const exam = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  examinedAt: hoursAgo(1),
  examinerName: 'Dr. Synthetic Examiner',
  dnaSamplesTaken: true,
  findingsSummary: 'Synthetic findings: injuries consistent with the account given.',
  ...overrides,
});

async function openCase(
  input: Record<string, unknown>,
  token: string | Promise<string> = arcc(),
  url = stack.gatewayUrl,
  requestId?: string,
) {
  return graphql(url, OPEN_CASE, { token: await token, variables: { input }, requestId });
}

async function recordExam(input: Record<string, unknown>, token: string | Promise<string> = arcc(), url = stack.gatewayUrl) {
  return graphql(url, RECORD_EXAM, { token: await token, variables: { input } });
}

/** The trail entries of one mutation field naming a row (or all of its entries, without one), newest first. */
async function trail(field: string, rowId?: string) {
  const response = await graphql(
    stack.gatewayUrl,
    /* GraphQL */ `
    query Trail($filter: AuditEntryFilter) { caseAuditTrail(filter: $filter, first: 100) { totalCount edges { node { subject agency field rowIds outcome } } } }
  `,
    { token: await auditor(), variables: { filter: { field, ...(rowId ? { rowId } : {}) } } },
  );
  expect(response.errors).toBeUndefined();
  return response.data.caseAuditTrail as {
    totalCount: number;
    edges: { node: { subject: string; agency: Agency; field: string; rowIds: string[]; outcome: string } }[];
  };
}

/** The cases of a cell, as its own ARCC staff see them. */
async function casesOfCell(cell = CELL): Promise<number> {
  const response = await graphql(stack.gatewayUrl, `query { cases(filter: { crisisCellId: ${JSON.stringify(cell.id)} }) { totalCount } }`, {
    token: await arcc(cell),
  });
  expect(response.errors).toBeUndefined();
  return response.data.cases.totalCount;
}

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyCaseAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyCaseAuditChain.ok as boolean;
}

const seqOf = (reference: string) => Number(reference.split('-').at(-1));

describe('openCase', () => {
  it("opens a case at the caller's own cell, with the next reference of the cell and year, and answers cross-agency fields in the same request", async () => {
    const response = await openCase(intake());
    expect(response.errors).toBeUndefined();
    const { case: opened, userErrors } = response.data.openCase;
    expect(userErrors).toEqual([]);
    expect(opened.reference).toMatch(new RegExp(`^ARCC-${CELL.code}-${YEAR}-\\d{6}$`));
    expect(opened).toMatchObject({ status: 'REPORTED', version: 1, province: 'KHYBER_PAKHTUNKHWA', district: 'Peshawar' });
    // Resolved by the crisis-cells subgraph, in the same request.
    expect(opened.crisisCell).toEqual({ id: CELL.id, name: expect.any(String) });
    expect(opened.survivor).toMatchObject({
      fullName: 'Synthetic Survivor',
      cnic: '17301-1234567-8',
      contactPhone: '0301-1234567',
      ageAtIncident: 24,
    });

    // Numbered after the highest reference the cell already has that year.
    const seeded = seededCases()
      .filter((c) => c.reference.startsWith(`ARCC-${CELL.code}-${YEAR}-`))
      .map((c) => seqOf(c.reference));
    const second = await openCase(intake());
    expect(seqOf(second.data.openCase.case.reference)).toBe(seqOf(opened.reference) + 1);
    expect(seqOf(opened.reference)).toBeGreaterThan(Math.max(0, ...seeded));

    // On the trail, committed with it: the case it opened, never the survivor's identity.
    const entries = await trail('Mutation.openCase', opened.id);
    expect(entries.edges.map(({ node }) => node)).toEqual([
      { subject: `writes-arcc-${CELL.code}`, agency: 'ARCC', field: 'Mutation.openCase', rowIds: [opened.id], outcome: 'DONE' },
    ]);
    // That it wrote the survivor's identity is recorded as such, beside it, naming the case: never the values.
    const identity = await trail('Survivor.identity', opened.id);
    expect(identity.edges.map(({ node }) => node)).toEqual([
      { subject: `writes-arcc-${CELL.code}`, agency: 'ARCC', field: 'Survivor.identity', rowIds: [opened.id], outcome: 'DONE' },
    ]);
    expect(JSON.stringify(identity)).not.toContain('Synthetic Survivor');
    expect(await chainOk()).toBe(true);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, writes no row, and records the attempt INVALID', async () => {
    const before = await casesOfCell();
    const invalidBefore = (await trail('Mutation.openCase')).edges.filter(({ node }) => node.outcome === 'INVALID').length;
    const response = await openCase(
      intake(
        { reportedAt: new Date(Date.now() + 86_400_000).toISOString(), offenceSections: ['PPC 302'], district: 'Atlantis' },
        { cnic: '1730112345678', contactPhone: '12345', ageAtIncident: 300, fullName: '   ' },
      ),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.openCase.case).toBeNull();
    expect(response.data.openCase.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['input.reportedAt', 'INVALID_INPUT'],
      ['input.offenceSections', 'INVALID_INPUT'],
      ['input.district', 'INVALID_INPUT'],
      ['input.survivor.fullName', 'INVALID_INPUT'],
      ['input.survivor.cnic', 'INVALID_INPUT'],
      ['input.survivor.contactPhone', 'INVALID_INPUT'],
      ['input.survivor.ageAtIncident', 'INVALID_INPUT'],
    ]);
    expect(await casesOfCell()).toBe(before);
    const invalid = (await trail('Mutation.openCase')).edges.filter(({ node }) => node.outcome === 'INVALID');
    expect(invalid.length).toBe(invalidBefore + 1);
    expect(invalid[0]!.node.rowIds).toEqual([]);
  });

  it('refuses a token without a crisis cell the graph knows as NOT_FOUND, recorded REFUSED, no row', async () => {
    const response = await openCase(intake(), tokenFor({ agency: 'ARCC', sub: 'writes-cellless', cellId: randomUUID() }));
    expect(response.data.openCase).toEqual({
      case: null,
      userErrors: [{ field: null, code: 'NOT_FOUND', message: 'No crisis cell with this id.' }],
    });
    const refused = (await trail('Mutation.openCase')).edges.filter(({ node }) => node.subject === 'writes-cellless');
    expect(refused.map(({ node }) => node.outcome)).toEqual(['REFUSED']);
  });

  it('numbers concurrent intakes at one cell uniquely and without gaps', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => openCase(intake())));
    for (const response of responses) expect(response.data.openCase.userErrors).toEqual([]);
    const seqs = responses.map((r) => seqOf(r.data.openCase.case.reference)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => seqs[0]! + i));
    expect(await chainOk()).toBe(true);
  });

  it('costs the same SQL statements for the 1st and the 20th intake of a cell and year', async () => {
    // A cell no other test writes to, and a year of its own: the first intake creates the counter row.
    const cell = CRISIS_CELLS_BY_CODE.get('QTA1')!;
    const reportedAt = new Date(Date.UTC(YEAR - 1, 5, 1)).toISOString();
    const counts: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const response = await openCase(intake({ reportedAt, district: 'Quetta' }), arcc(cell), stack.gatewayUrl, requestId);
        expect(response.data.openCase.userErrors).toEqual([]);
      });
      counts.push(perSubgraph.cases!);
    }
    console.info(`writes: openCase costs the cases subgraph ${counts[0]} SQL statements per intake (1st to 20th of a cell and year)`);
    expect(counts[19]).toBe(counts[0]);
    expect(new Set(counts).size).toBe(1);
  });
});

describe('recordMedicoLegalExam', () => {
  let fresh: { id: string; version: number };
  beforeAll(async () => {
    fresh = (await openCase(intake({ reportedAt: hoursAgo(10) }))).data.openCase.case;
  });

  it('refuses a stale version with STALE_VERSION naming the current one; records the exam on the current one; a second exam is a CONFLICT', async () => {
    const stale = await recordExam(exam(fresh.id, fresh.version + 1));
    expect(stale.data.recordMedicoLegalExam.case).toBeNull();
    expect(stale.data.recordMedicoLegalExam.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining(`version ${fresh.version}`) },
    ]);

    const done = await recordExam(exam(fresh.id, fresh.version));
    expect(done.errors).toBeUndefined();
    expect(done.data.recordMedicoLegalExam.userErrors).toEqual([]);
    expect(done.data.recordMedicoLegalExam.case).toMatchObject({
      id: fresh.id,
      version: fresh.version + 1,
      medicoLegalExam: { examinerName: 'Dr. Synthetic Examiner', dnaSamplesTaken: true },
    });
    expect(done.data.recordMedicoLegalExam.case.medicoLegalExam.hoursAfterReport).toBeCloseTo(9, 1);

    const again = await recordExam(exam(fresh.id, fresh.version + 1));
    expect(again.data.recordMedicoLegalExam.userErrors.map((e: { code: string }) => e.code)).toEqual(['CONFLICT']);

    const outcomes = (await trail('Mutation.recordMedicoLegalExam', fresh.id)).edges.map(({ node }) => node.outcome);
    expect(outcomes).toEqual(['REFUSED', 'DONE', 'REFUSED']);
    expect(await chainOk()).toBe(true);
  });

  it("answers another cell's case exactly as a case that does not exist, and changes neither", async () => {
    const otherCase = seededCases().find((c) => c.crisisCellId === OTHER_CELL.id && c.status === 'REPORTED' && !c.medicoLegalExam)!;
    const hidden = await recordExam(exam(otherCase.id, 1));
    const missing = await recordExam(exam(randomUUID(), 1));
    const malformed = await recordExam(exam('not-an-id', 1));
    expect(hidden.data).toEqual(missing.data);
    expect(malformed.data).toEqual(missing.data);
    expect(hidden.data.recordMedicoLegalExam).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }],
    });
    const asOwner = await graphql(
      stack.gatewayUrl,
      `query { case(id: ${JSON.stringify(otherCase.id)}) { version medicoLegalExam { examinedAt } } }`,
      { token: await arcc(OTHER_CELL) },
    );
    expect(asOwner.data.case).toEqual({ version: 1, medicoLegalExam: null });
    expect((await trail('Mutation.recordMedicoLegalExam', otherCase.id)).edges.map(({ node }) => node.outcome)).toEqual(['REFUSED']);
  });

  it('refuses a case whose status is past the examination with INVALID_TRANSITION naming it', async () => {
    const decided = seededCases().find((c) => c.crisisCellId === CELL.id && c.status === 'DECIDED')!;
    const response = await recordExam(exam(decided.id, 1));
    expect(response.data.recordMedicoLegalExam).toEqual({
      case: null,
      userErrors: [
        {
          field: null,
          code: 'INVALID_TRANSITION',
          message: 'A case in status DECIDED does not allow recording a medico-legal examination.',
        },
      ],
    });
  });

  it('rejects an exam before the report or in the future as INVALID_INPUT, recorded INVALID, and writes nothing', async () => {
    const target = (await openCase(intake({ reportedAt: hoursAgo(3) }))).data.openCase.case;
    const before = await recordExam(exam(target.id, 1, { examinedAt: hoursAgo(4) }));
    const future = await recordExam(exam(target.id, 1, { examinedAt: new Date(Date.now() + 3_600_000).toISOString() }));
    for (const response of [before, future]) {
      expect(response.data.recordMedicoLegalExam.case).toBeNull();
      expect(response.data.recordMedicoLegalExam.userErrors).toEqual([
        { field: ['input', 'examinedAt'], code: 'INVALID_INPUT', message: expect.any(String) },
      ]);
    }
    const now = await graphql(
      stack.gatewayUrl,
      `query { case(id: ${JSON.stringify(target.id)}) { version medicoLegalExam { examinedAt } } }`,
      { token: await arcc() },
    );
    expect(now.data.case).toEqual({ version: 1, medicoLegalExam: null });
    expect((await trail('Mutation.recordMedicoLegalExam', target.id)).edges.map(({ node }) => node.outcome)).toEqual([
      'INVALID',
      'INVALID',
    ]);
  });
});

describe('who may call each mutation, as DESIGN section 7 says (through the gateway and straight at the subgraph)', () => {
  // Fields the cases subgraph serves itself, so the same operation goes to either target.
  const calls: Record<string, (agency: Agency, url: string) => Promise<GraphQLResponse>> = {
    openCase: async (agency, url) =>
      graphql(url, 'mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id reference } userErrors { code } } }', {
        token: await tokenOf(agency),
        variables: { input: intake() },
      }),
    recordMedicoLegalExam: async (agency, url) => {
      const target = (await openCase(intake({ reportedAt: hoursAgo(5) }))).data.openCase.case;
      return graphql(
        url,
        'mutation ($input: RecordMedicoLegalExamInput!) { recordMedicoLegalExam(input: $input) { case { id version } userErrors { code } } }',
        {
          token: await tokenOf(agency),
          variables: { input: exam(target.id, 1) },
        },
      );
    },
  };
  const tokenOf = (agency: Agency) => {
    const { identity } = callerFor(agency);
    if (!identity) return undefined;
    return tokenFor(agency === 'ARCC' ? { ...identity, cellId: CELL.id } : identity);
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'cases'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.cases;
        for (const [name, call] of Object.entries(calls)) {
          const allowed = EXPECTED_MUTATIONS.get(name)![agency] !== '–';
          const before = await casesOfCell();
          const response = await call(agency, url);
          if (allowed) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
          } else {
            expect(response.data?.[name] ?? null, `${agency} ${name}`).toBeNull();
            const code =
              agency === 'PUBLIC' && target === 'cases'
                ? expect.stringMatching(/^(UNAUTHORIZED_FIELD_OR_TYPE|UNAUTHENTICATED)$/)
                : 'UNAUTHORIZED_FIELD_OR_TYPE';
            expect(
              response.errors?.map((e) => [e.path, e.extensions?.code]),
              `${agency} ${name}`,
            ).toEqual([[[name], code]]);
            // Nothing written: recordMedicoLegalExam's own case was opened before the count.
            const opened = name === 'recordMedicoLegalExam' ? 1 : 0;
            expect(await casesOfCell(), `${agency} ${name}`).toBe(before + opened);
          }
        }
      });
    }
  }
});

describe("the gateway's policy modes keep a refused mutation from running", () => {
  const gateways: Partial<Record<'reject' | 'dry-run', ListeningService>> = {};
  beforeAll(async () => {
    for (const mode of ['reject', 'dry-run'] as const) {
      gateways[mode] = await listen(
        await createGatewayService({ env: { ...process.env, POLICY_MODE: mode, LOG_LEVEL: 'error' }, subgraphUrls: stack.subgraphUrls }),
        0,
        '127.0.0.1',
        '/graphql',
      );
    }
  });
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) await gateway?.stop();
  });
  const ssoiu = () => tokenFor({ agency: 'SSOIU', sub: 'writes-ssoiu', province: 'KHYBER_PAKHTUNKHWA' });

  it('filter (default): the field is taken out before planning, null with UNAUTHORIZED_FIELD_OR_TYPE, no row', async () => {
    const before = await casesOfCell();
    const response = await openCase(intake(), ssoiu());
    expect(response.data).toEqual({ openCase: null });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['openCase'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect(await casesOfCell()).toBe(before);
  });

  it('reject: the whole operation refused with 403, nothing executed', async () => {
    const before = await casesOfCell();
    const response = await openCase(intake(), ssoiu(), gateways.reject!.url);
    expect(response.status).toBe(403);
    expect(response.data).toBeNull();
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['openCase'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect(await casesOfCell()).toBe(before);
  });

  it('dry-run: the path is reported and the subgraph still refuses the field, no row', async () => {
    const before = await casesOfCell();
    const response = await openCase(intake(), ssoiu(), gateways['dry-run']!.url);
    expect(response.data).toEqual({ openCase: null });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['openCase'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect((response as GraphQLResponse & { extensions?: { policy?: unknown } }).extensions?.policy).toEqual({
      mode: 'dry-run',
      unauthorized: [['openCase']],
    });
    expect(await casesOfCell()).toBe(before);
  });
});
