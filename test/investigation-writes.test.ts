import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES, type Agency, type Province } from '#reference-data';
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
import { EXPECTED_INVESTIGATION_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The investigation unit's mutations (DESIGN section 7) end to end, through
 * the gateway over HTTP, on a stack of its own: registerFir,
 * assignInvestigatingOfficer and addSuspect, done, refused by agency (and
 * role), refused by row (another province's case, or a case the caller is
 * not assigned to, answers as a missing one), invalid, out of step, stale, a
 * taken FIR number; each on the audit trail, committed with the change; and
 * a constant number of SQL statements.
 */

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const PUNJAB_CELL = CRISIS_CELLS_BY_CODE.get('LHR1')!;
const arcc = (cell = CELL) => tokenFor({ agency: 'ARCC', sub: `investigation-arcc-${cell.code}`, cellId: cell.id });
const ssoiu = (province: Province = 'KHYBER_PAKHTUNKHWA') =>
  tokenFor({ agency: 'SSOIU', sub: `investigation-ssoiu-${province}`, province });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'investigation-auditor' });
const UNIT = '4d1c2a9e-7b3f-5c8d-9e0a-1b2c3d4e5f60';
const unitHead = (province: Province = 'KHYBER_PAKHTUNKHWA', unitId: string | null = UNIT) =>
  tokenFor({ agency: 'SSOIU', sub: `investigation-unit-head-${province}`, province, roles: ['unit_head'], unitId: unitId ?? undefined });
const officer = (sub: string) => tokenFor({ agency: 'SSOIU', sub, province: 'KHYBER_PAKHTUNKHWA', roles: ['investigator'] });

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await stack?.stop();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** A case of its own, just reported at a cell: REPORTED, version 1. */
async function reportedCase(cell = CELL, district = 'Peshawar', reportedAt = hoursAgo(30)): Promise<{ id: string; version: number }> {
  const response = await graphql(
    stack.gatewayUrl,
    'mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id version } userErrors { code } } }',
    {
      token: await arcc(cell),
      variables: {
        input: {
          reportedAt,
          category: 'RAPE',
          offenceSections: ['PPC 376(1)'],
          district,
          survivor: { fullName: 'Synthetic Survivor', ageAtIncident: 30 },
        },
      },
    },
  );
  expect(response.data.openCase.userErrors).toEqual([]);
  return response.data.openCase.case;
}

const REGISTER_FIR = /* GraphQL */ `
  mutation RegisterFir($input: RegisterFirInput!) {
    registerFir(input: $input) {
      case { id status version fir { number registeredAt policeStation district sections } }
      userErrors { field code message }
    }
  }
`;

let firs = 0;
const firInput = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  number: `FIR-TEST-${process.pid}-${(firs += 1)}/2026-Gulbahar`,
  registeredAt: hoursAgo(2),
  policeStation: 'Gulbahar',
  ...overrides,
});

async function registerFir(
  input: Record<string, unknown>,
  token: string | Promise<string> = ssoiu(),
  url = stack.gatewayUrl,
  requestId?: string,
) {
  return graphql(url, REGISTER_FIR, { token: await token, variables: { input }, requestId });
}

/** The case as the same province's SSOIU reads it. */
async function caseAsSsoiu(id: string) {
  const response = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(id)}) { status version fir { number } } }`, {
    token: await ssoiu(),
  });
  expect(response.errors).toBeUndefined();
  return response.data.case as { status: string; version: number; fir: { number: string } | null };
}

/** The trail entries of one mutation field naming a row, newest first. */
async function trail(field: string, rowId: string) {
  const response = await graphql(
    stack.gatewayUrl,
    /* GraphQL */ `
    query Trail($filter: AuditEntryFilter) { caseAuditTrail(filter: $filter, first: 100) { edges { node { subject agency field rowIds outcome } } } }
  `,
    { token: await auditor(), variables: { filter: { field, rowId } } },
  );
  expect(response.errors).toBeUndefined();
  return (
    response.data.caseAuditTrail.edges as { node: { subject: string; agency: Agency; field: string; rowIds: string[]; outcome: string } }[]
  ).map(({ node }) => node);
}

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyCaseAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyCaseAuditChain.ok as boolean;
}

describe('registerFir', () => {
  it('registers the FIR of a reported case of the province: the case under investigation, its version up, the entry on the trail', async () => {
    const target = await reportedCase();
    const input = firInput(target.id, 1, { policeStation: '  Gulbahar  ' });
    const response = await registerFir(input);
    expect(response.errors).toBeUndefined();
    expect(response.data.registerFir).toEqual({
      case: {
        id: target.id,
        status: 'UNDER_INVESTIGATION',
        version: 2,
        fir: {
          number: input.number,
          registeredAt: new Date(input.registeredAt).toISOString(),
          policeStation: 'Gulbahar',
          district: 'Peshawar',
          sections: ['PPC 376(1)'],
        },
      },
      userErrors: [],
    });
    // Stored: read again, and found by the hasFir filter.
    expect(await caseAsSsoiu(target.id)).toEqual({ status: 'UNDER_INVESTIGATION', version: 2, fir: { number: input.number } });
    const withFir = await graphql(
      stack.gatewayUrl,
      `query { cases(filter: { crisisCellId: ${JSON.stringify(CELL.id)}, hasFir: true }, first: 500) { edges { node { id } } } }`,
      { token: await arcc() },
    );
    expect(withFir.data.cases.edges.map(({ node }: { node: { id: string } }) => node.id)).toContain(target.id);
    expect(await trail('Mutation.registerFir', target.id)).toEqual([
      {
        subject: 'investigation-ssoiu-KHYBER_PAKHTUNKHWA',
        agency: 'SSOIU',
        field: 'Mutation.registerFir',
        rowIds: [target.id],
        outcome: 'DONE',
      },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('refuses a stale version with STALE_VERSION naming the current one, and a second FIR of the case as INVALID_TRANSITION', async () => {
    const target = await reportedCase();
    const stale = await registerFir(firInput(target.id, 2));
    expect(stale.data.registerFir).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 1') }],
    });
    expect((await registerFir(firInput(target.id, 1))).data.registerFir.userErrors).toEqual([]);
    const again = await registerFir(firInput(target.id, 2));
    expect(again.data.registerFir).toEqual({
      case: null,
      userErrors: [
        { field: null, code: 'INVALID_TRANSITION', message: 'A case in status UNDER_INVESTIGATION does not allow registering an FIR.' },
      ],
    });
    expect((await trail('Mutation.registerFir', target.id)).map((entry) => entry.outcome)).toEqual(['REFUSED', 'DONE', 'REFUSED']);
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 2 });
  });

  it('refuses an FIR number another FIR has as a CONFLICT naming the number, and changes nothing', async () => {
    const first = await reportedCase();
    const second = await reportedCase();
    const input = firInput(first.id, 1);
    expect((await registerFir(input)).data.registerFir.userErrors).toEqual([]);
    // The same number, even written with blanks around it.
    const taken = await registerFir(firInput(second.id, 1, { number: ` ${input.number} ` }));
    expect(taken.data.registerFir).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'number'], code: 'CONFLICT', message: 'Another FIR has this number.' }],
    });
    // A seeded FIR's number is as taken as a new one's.
    const seeded = seededCases().find((c) => c.fir)!;
    const seededTaken = await registerFir(firInput(second.id, 1, { number: seeded.fir!.number }));
    expect(seededTaken.data.registerFir.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field])).toEqual([
      ['CONFLICT', ['input', 'number']],
    ]);
    expect(await caseAsSsoiu(second.id)).toEqual({ status: 'REPORTED', version: 1, fir: null });
    expect((await trail('Mutation.registerFir', second.id)).map((entry) => entry.outcome)).toEqual(['REFUSED', 'REFUSED']);
  });

  it('gives one FIR number to one of several cases registering it at the same time, and a CONFLICT to the others', async () => {
    const targets = await Promise.all(Array.from({ length: 6 }, () => reportedCase()));
    const number = `FIR-RACE-${randomUUID().slice(0, 8)}`;
    const responses = await Promise.all(targets.map((target) => registerFir(firInput(target.id, 1, { number }))));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const outcomes = responses.map((response) => response.data.registerFir.userErrors.map((e: { code: string }) => e.code));
    expect(outcomes.filter((codes) => codes.length === 0)).toHaveLength(1);
    // Whether the check saw the other's FIR or the unique index refused the commit, the answer is a CONFLICT.
    expect(outcomes.filter((codes) => codes.length > 0)).toEqual(Array.from({ length: 5 }, () => ['CONFLICT']));
    const states = await Promise.all(targets.map((target) => caseAsSsoiu(target.id)));
    expect(states.filter((state) => state.fir?.number === number)).toHaveLength(1);
    expect(states.filter((state) => state.status === 'REPORTED' && state.version === 1 && state.fir === null)).toHaveLength(5);
  });

  it("answers another province's case exactly as a case that does not exist, and changes neither", async () => {
    const punjab = await reportedCase(PUNJAB_CELL, 'Lahore');
    const hidden = await registerFir(firInput(punjab.id, 1, { number: 'FIR-SAME' }));
    const missing = await registerFir(firInput(randomUUID(), 1, { number: 'FIR-SAME' }));
    const malformed = await registerFir(firInput('not-an-id', 1, { number: 'FIR-SAME' }));
    expect(hidden.data).toEqual(missing.data);
    expect(malformed.data).toEqual(missing.data);
    expect(hidden.data.registerFir).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }],
    });
    const asOwner = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(punjab.id)}) { status version fir { number } } }`, {
      token: await arcc(PUNJAB_CELL),
    });
    expect(asOwner.data.case).toEqual({ status: 'REPORTED', version: 1, fir: null });
    expect((await trail('Mutation.registerFir', punjab.id)).map((entry) => entry.outcome)).toEqual(['REFUSED']);
    // The same case, for Punjab's SSOIU.
    expect((await registerFir(firInput(punjab.id, 1), ssoiu('PUNJAB'))).data.registerFir.userErrors).toEqual([]);
  });

  it('refuses a case past REPORTED with INVALID_TRANSITION naming its status, and changes nothing', async () => {
    const decided = seededCases().find((c) => c.province === 'KHYBER_PAKHTUNKHWA' && c.status === 'DECIDED')!;
    const before = await caseAsSsoiu(decided.id);
    const response = await registerFir(firInput(decided.id, 1));
    expect(response.data.registerFir).toEqual({
      case: null,
      userErrors: [{ field: null, code: 'INVALID_TRANSITION', message: 'A case in status DECIDED does not allow registering an FIR.' }],
    });
    expect(await caseAsSsoiu(decided.id)).toEqual(before);
    expect((await trail('Mutation.registerFir', decided.id)).map((entry) => entry.outcome)).toEqual(['REFUSED']);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, recorded INVALID, and writes nothing', async () => {
    const target = await reportedCase(CELL, 'Peshawar', hoursAgo(3));
    const blank = await registerFir(
      firInput(target.id, 0, {
        number: '  ',
        policeStation: 'x'.repeat(129),
        registeredAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    expect(blank.data.registerFir.case).toBeNull();
    expect(blank.data.registerFir.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.number', 'INVALID_INPUT'],
      ['input.registeredAt', 'INVALID_INPUT'],
      ['input.policeStation', 'INVALID_INPUT'],
    ]);
    const beforeReport = await registerFir(firInput(target.id, 1, { registeredAt: hoursAgo(4) }));
    expect(beforeReport.data.registerFir).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'registeredAt'], code: 'INVALID_INPUT', message: 'The FIR cannot be registered before the report.' }],
    });
    expect(await caseAsSsoiu(target.id)).toEqual({ status: 'REPORTED', version: 1, fir: null });
    expect((await trail('Mutation.registerFir', target.id)).map((entry) => entry.outcome)).toEqual(['INVALID', 'INVALID']);
  });

  it('costs the same SQL statements for the 1st and the 10th registration', async () => {
    const targets = [];
    for (let i = 0; i < 10; i += 1) targets.push(await reportedCase());
    const counts: number[] = [];
    for (const target of targets) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const response = await registerFir(firInput(target.id, 1), ssoiu(), stack.gatewayUrl, requestId);
        expect(response.data.registerFir.userErrors).toEqual([]);
      });
      counts.push(perSubgraph.cases!);
    }
    console.info(`investigation writes: registerFir costs the cases subgraph ${counts[0]} SQL statements (1st to 10th)`);
    expect(counts[9]).toBe(counts[0]);
    expect(new Set(counts).size).toBe(1);
  });
});

const ASSIGN_OFFICER = /* GraphQL */ `
  mutation AssignOfficer($input: AssignInvestigatingOfficerInput!) {
    assignInvestigatingOfficer(input: $input) {
      case { id status version investigation { unitId unitName investigatingOfficer status } }
      userErrors { field code message }
    }
  }
`;

const assignment = (caseId: string, expectedVersion: number, officerId: string, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  officerId,
  officerName: 'Inspector Synthetic Officer',
  ...overrides,
});

async function assignOfficer(
  input: Record<string, unknown>,
  token: string | Promise<string> = unitHead(),
  url = stack.gatewayUrl,
  requestId?: string,
) {
  return graphql(url, ASSIGN_OFFICER, { token: await token, variables: { input }, requestId });
}

/** A case of its own under investigation: reported, its FIR registered; version 2. */
async function investigatedCase(): Promise<{ id: string; version: number }> {
  const target = await reportedCase();
  const response = await registerFir(firInput(target.id, 1));
  expect(response.data.registerFir.userErrors).toEqual([]);
  return response.data.registerFir.case;
}

/** Whether the officer reads the survivor's name: what only the case's assigned officer may (the ASSIGNED rule). */
async function officerReadsSurvivor(officerId: string, caseId: string): Promise<boolean> {
  const response = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(caseId)}) { survivor { fullName } } }`, {
    token: await officer(officerId),
  });
  return response.data.case?.survivor?.fullName === 'Synthetic Survivor';
}

describe('assignInvestigatingOfficer', () => {
  it("names the officer of a case under investigation: the investigation opens under the caller's unit, the officer is the assigned one, a second replaces the first", async () => {
    const target = await investigatedCase();
    const [first, second] = [randomUUID(), randomUUID()];
    expect(await officerReadsSurvivor(first, target.id)).toBe(false);

    const done = await assignOfficer(assignment(target.id, 2, first, { officerName: '  Inspector Saima Akhtar ' }));
    expect(done.errors).toBeUndefined();
    expect(done.data.assignInvestigatingOfficer).toEqual({
      case: {
        id: target.id,
        status: 'UNDER_INVESTIGATION',
        version: 3,
        investigation: { unitId: UNIT, unitName: 'SSOIU Peshawar', investigatingOfficer: 'Inspector Saima Akhtar', status: 'OPEN' },
      },
      userErrors: [],
    });
    expect(await officerReadsSurvivor(first, target.id)).toBe(true);

    const replaced = await assignOfficer(assignment(target.id, 3, second, { officerName: 'Sub-Inspector Synthetic Second' }));
    expect(replaced.data.assignInvestigatingOfficer.case).toMatchObject({
      version: 4,
      investigation: { unitId: UNIT, investigatingOfficer: 'Sub-Inspector Synthetic Second' },
    });
    expect(await officerReadsSurvivor(second, target.id)).toBe(true);
    expect(await officerReadsSurvivor(first, target.id)).toBe(false);

    expect(await trail('Mutation.assignInvestigatingOfficer', target.id)).toEqual(
      ['DONE', 'DONE'].map((outcome) => ({
        subject: 'investigation-unit-head-KHYBER_PAKHTUNKHWA',
        agency: 'SSOIU',
        field: 'Mutation.assignInvestigatingOfficer',
        rowIds: [target.id],
        outcome,
      })),
    );
    expect(await chainOk()).toBe(true);
  });

  it("replaces the officer of a seeded investigation, keeping its unit; the seeded officer no longer reads the case's survivor", async () => {
    const seeded = seededCases().find((c) => c.province === 'KHYBER_PAKHTUNKHWA' && c.status === 'UNDER_INVESTIGATION' && c.investigation)!;
    const newOfficer = randomUUID();
    const response = await assignOfficer(assignment(seeded.id, 1, newOfficer), unitHead('KHYBER_PAKHTUNKHWA', null));
    expect(response.data.assignInvestigatingOfficer.userErrors).toEqual([]);
    expect(response.data.assignInvestigatingOfficer.case.investigation).toMatchObject({
      unitId: seeded.investigation!.unitId,
      unitName: seeded.investigation!.unitName,
      investigatingOfficer: 'Inspector Synthetic Officer',
    });
    const asOfficer = async (sub: string) =>
      (
        await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(seeded.id)}) { survivor { ageAtIncident fullName } } }`, {
          token: await officer(sub),
        })
      ).data.case.survivor.fullName;
    expect(await asOfficer(seeded.investigation!.investigatingOfficerId)).toBeNull();
    expect(await asOfficer(newOfficer)).toEqual(expect.any(String));
  });

  it('refuses an investigator without the unit_head role at the top level, and writes nothing', async () => {
    const target = await investigatedCase();
    const response = await assignOfficer(assignment(target.id, 2, randomUUID()), officer(randomUUID()));
    expect(response.data?.assignInvestigatingOfficer ?? null).toBeNull();
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['assignInvestigatingOfficer'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
    ]);
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 2 });
  });

  it("answers another province's case exactly as a case that does not exist", async () => {
    const punjab = await reportedCase(PUNJAB_CELL, 'Lahore');
    expect((await registerFir(firInput(punjab.id, 1), ssoiu('PUNJAB'))).data.registerFir.userErrors).toEqual([]);
    const officerId = randomUUID();
    const hidden = await assignOfficer(assignment(punjab.id, 2, officerId));
    const missing = await assignOfficer(assignment(randomUUID(), 2, officerId));
    expect(hidden.data).toEqual(missing.data);
    expect(hidden.data.assignInvestigatingOfficer).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }],
    });
    expect((await trail('Mutation.assignInvestigatingOfficer', punjab.id)).map((entry) => entry.outcome)).toEqual(['REFUSED']);
    // Punjab's unit head may.
    expect(
      (await assignOfficer(assignment(punjab.id, 2, officerId), unitHead('PUNJAB'))).data.assignInvestigatingOfficer.userErrors,
    ).toEqual([]);
  });

  it('refuses a stale version, a case with no FIR yet and a decided case, changing nothing', async () => {
    const target = await investigatedCase();
    const stale = await assignOfficer(assignment(target.id, 1, randomUUID()));
    expect(stale.data.assignInvestigatingOfficer.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 2') },
    ]);
    const reported = await reportedCase();
    expect((await assignOfficer(assignment(reported.id, 1, randomUUID()))).data.assignInvestigatingOfficer.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A case in status REPORTED does not allow assigning an investigating officer.' },
    ]);
    const decided = seededCases().find((c) => c.province === 'KHYBER_PAKHTUNKHWA' && c.status === 'DECIDED')!;
    expect((await assignOfficer(assignment(decided.id, 1, randomUUID()))).data.assignInvestigatingOfficer.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A case in status DECIDED does not allow assigning an investigating officer.' },
    ]);
    // A unit head whose token names no unit cannot open an investigation.
    const unitless = await assignOfficer(assignment(target.id, 2, randomUUID()), unitHead('KHYBER_PAKHTUNKHWA', null));
    expect(unitless.data.assignInvestigatingOfficer.userErrors.map((e: { code: string }) => e.code)).toEqual(['INVALID_INPUT']);
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 2 });
    expect((await trail('Mutation.assignInvestigatingOfficer', target.id)).map((entry) => entry.outcome)).toEqual(['REFUSED', 'REFUSED']);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, recorded INVALID', async () => {
    const target = await investigatedCase();
    const response = await assignOfficer(assignment(target.id, 0, 'not-an-officer', { officerName: '   ' }));
    expect(response.data.assignInvestigatingOfficer.case).toBeNull();
    expect(
      response.data.assignInvestigatingOfficer.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]),
    ).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.officerId', 'INVALID_INPUT'],
      ['input.officerName', 'INVALID_INPUT'],
    ]);
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 2 });
    expect((await trail('Mutation.assignInvestigatingOfficer', target.id)).map((entry) => entry.outcome)).toEqual(['INVALID']);
  });

  it('costs the same SQL statements for the 1st and the 10th assignment', async () => {
    const targets = [];
    for (let i = 0; i < 10; i += 1) targets.push(await investigatedCase());
    const counts: number[] = [];
    for (const target of targets) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const response = await assignOfficer(assignment(target.id, 2, randomUUID()), unitHead(), stack.gatewayUrl, requestId);
        expect(response.data.assignInvestigatingOfficer.userErrors).toEqual([]);
      });
      counts.push(perSubgraph.cases!);
    }
    console.info(`investigation writes: assignInvestigatingOfficer costs the cases subgraph ${counts[0]} SQL statements (1st to 10th)`);
    expect(counts[9]).toBe(counts[0]);
    expect(new Set(counts).size).toBe(1);
  });
});

const ADD_SUSPECT = /* GraphQL */ `
  mutation AddSuspect($input: AddSuspectInput!) {
    addSuspect(input: $input) {
      case { id version suspects { name cnic status arrestedAt } }
      userErrors { field code message }
    }
  }
`;

const suspect = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  name: 'Synthetic Suspect',
  cnic: '35202-7654321-1',
  status: 'ARRESTED',
  arrestedAt: hoursAgo(1),
  ...overrides,
});

async function addSuspect(input: Record<string, unknown>, token: string | Promise<string>, url = stack.gatewayUrl, requestId?: string) {
  return graphql(url, ADD_SUSPECT, { token: await token, variables: { input }, requestId });
}

/** A case of its own under investigation with its officer assigned (version 3), and the officer's id. */
async function assignedCase(): Promise<{ id: string; officerId: string }> {
  const target = await investigatedCase();
  const officerId = randomUUID();
  expect((await assignOfficer(assignment(target.id, 2, officerId))).data.assignInvestigatingOfficer.userErrors).toEqual([]);
  return { id: target.id, officerId };
}

describe('addSuspect', () => {
  it("adds a suspect to the assigned officer's case: the case's version up, the entry naming the case and the suspect", async () => {
    const target = await assignedCase();
    const input = suspect(target.id, 3);
    const done = await addSuspect(input, officer(target.officerId));
    expect(done.errors).toBeUndefined();
    expect(done.data.addSuspect).toEqual({
      case: {
        id: target.id,
        version: 4,
        suspects: [
          { name: 'Synthetic Suspect', cnic: '35202-7654321-1', status: 'ARRESTED', arrestedAt: new Date(input.arrestedAt).toISOString() },
        ],
      },
      userErrors: [],
    });
    const second = await addSuspect(
      suspect(target.id, 4, { name: 'Second Suspect', cnic: null, status: 'AT_LARGE', arrestedAt: null }),
      officer(target.officerId),
    );
    expect(second.data.addSuspect.case.suspects.map((s: { name: string }) => s.name)).toEqual(['Synthetic Suspect', 'Second Suspect']);
    const entries = await trail('Mutation.addSuspect', target.id);
    expect(entries.map((entry) => [entry.outcome, entry.rowIds.length, entry.rowIds[0], entry.subject])).toEqual([
      ['DONE', 2, target.id, target.officerId],
      ['DONE', 2, target.id, target.officerId],
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('answers a case of the province the caller is not assigned to exactly as a case that does not exist', async () => {
    const target = await assignedCase();
    const notAssigned = await addSuspect(suspect(target.id, 3), officer(randomUUID()));
    const unitHeadItself = await addSuspect(suspect(target.id, 3), unitHead());
    const missing = await addSuspect(suspect(randomUUID(), 3), officer(target.officerId));
    expect(notAssigned.data).toEqual(missing.data);
    expect(unitHeadItself.data).toEqual(missing.data);
    expect(missing.data.addSuspect).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }],
    });
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 3 });
    expect((await trail('Mutation.addSuspect', target.id)).map((entry) => entry.outcome)).toEqual(['REFUSED', 'REFUSED']);
  });

  it('refuses a stale version and a case past investigation (its own officer asking), changing nothing', async () => {
    const target = await assignedCase();
    expect((await addSuspect(suspect(target.id, 2), officer(target.officerId))).data.addSuspect.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 3') },
    ]);
    const decided = seededCases().find((c) => c.status === 'DECIDED' && c.investigation)!;
    const response = await addSuspect(
      suspect(decided.id, 1),
      tokenFor({ agency: 'SSOIU', sub: decided.investigation!.investigatingOfficerId, province: decided.province }),
    );
    expect(response.data.addSuspect).toEqual({
      case: null,
      userErrors: [{ field: null, code: 'INVALID_TRANSITION', message: 'A case in status DECIDED does not allow adding a suspect.' }],
    });
    expect(await caseAsSsoiu(target.id)).toMatchObject({ version: 3 });
  });

  it('rejects invalid input as INVALID_INPUT naming each field, recorded INVALID, no suspect', async () => {
    const target = await assignedCase();
    const token = officer(target.officerId);
    const bad = await addSuspect(suspect(target.id, 0, { name: ' ', cnic: '3520276543211', status: 'CHARGED' }), token);
    expect(bad.data.addSuspect.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.name', 'INVALID_INPUT'],
      ['input.cnic', 'INVALID_INPUT'],
      ['input.status', 'INVALID_INPUT'],
      ['input.arrestedAt', 'INVALID_INPUT'],
    ]);
    const beforeReport = await addSuspect(suspect(target.id, 3, { arrestedAt: hoursAgo(40) }), token);
    expect(beforeReport.data.addSuspect.userErrors).toEqual([
      { field: ['input', 'arrestedAt'], code: 'INVALID_INPUT', message: 'The arrest cannot come before the report.' },
    ]);
    const read = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(target.id)}) { version suspects { name } } }`, {
      token: await ssoiu(),
    });
    expect(read.data.case).toEqual({ version: 3, suspects: [] });
    expect((await trail('Mutation.addSuspect', target.id)).map((entry) => entry.outcome)).toEqual(['INVALID', 'INVALID']);
  });

  it('costs the same SQL statements for the 1st and the 10th suspect', async () => {
    const target = await assignedCase();
    const counts: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const response = await addSuspect(
          suspect(target.id, 3 + i, { name: `Suspect ${i + 1}` }),
          officer(target.officerId),
          stack.gatewayUrl,
          requestId,
        );
        expect(response.data.addSuspect.userErrors).toEqual([]);
      });
      counts.push(perSubgraph.cases!);
    }
    console.info(`investigation writes: addSuspect costs the cases subgraph ${counts[0]} SQL statements (1st to 10th suspect of a case)`);
    expect(counts[9]).toBe(counts[0]);
    expect(new Set(counts).size).toBe(1);
  });
});

describe('who may call each investigation mutation, as DESIGN section 7 says (through the gateway and straight at the subgraph)', () => {
  const calls: Record<string, (agency: Agency, url: string) => Promise<{ response: GraphQLResponse; caseId: string; version: number }>> = {
    registerFir: async (agency, url) => {
      const target = await reportedCase();
      const response = await graphql(
        url,
        'mutation ($input: RegisterFirInput!) { registerFir(input: $input) { case { id status } userErrors { code } } }',
        { token: await tokenOf(agency, ssoiu), variables: { input: firInput(target.id, 1) } },
      );
      return { response, caseId: target.id, version: 1 };
    },
    assignInvestigatingOfficer: async (agency, url) => {
      const target = await investigatedCase();
      const response = await graphql(
        url,
        'mutation ($input: AssignInvestigatingOfficerInput!) { assignInvestigatingOfficer(input: $input) { case { id version } userErrors { code } } }',
        { token: await tokenOf(agency, unitHead), variables: { input: assignment(target.id, 2, randomUUID()) } },
      );
      return { response, caseId: target.id, version: 2 };
    },
    addSuspect: async (agency, url) => {
      const target = await assignedCase();
      const response = await graphql(
        url,
        'mutation ($input: AddSuspectInput!) { addSuspect(input: $input) { case { id version } userErrors { code } } }',
        {
          token: await tokenOf(agency, () => officer(target.officerId)),
          variables: { input: suspect(target.id, 3) },
        },
      );
      return { response, caseId: target.id, version: 3 };
    },
  };
  // SSOIU: the token the mutation asks for (a unit head's for assignInvestigatingOfficer), of the case's province.
  const tokenOf = (agency: Agency, ssoiuToken: () => Promise<string>) => {
    if (agency === 'SSOIU') return ssoiuToken();
    const { identity } = callerFor(agency);
    if (!identity) return undefined;
    return tokenFor(agency === 'ARCC' ? { ...identity, cellId: CELL.id } : identity);
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_INVESTIGATION_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'cases'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.cases;
        for (const [name, call] of Object.entries(calls)) {
          const allowed = EXPECTED_INVESTIGATION_MUTATIONS.get(name)![agency] !== '–';
          const { response, caseId, version } = await call(agency, url);
          if (allowed) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            expect((await caseAsSsoiu(caseId)).version, `${agency} ${name}`).toBe(version + 1);
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
            // Nothing written: the case is at the version it had.
            expect((await caseAsSsoiu(caseId)).version, `${agency} ${name}`).toBe(version);
          }
        }
      });
    }
  }
});
