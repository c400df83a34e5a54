import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
import { AGENCIES, type Agency, type Province } from '#reference-data';
import { CRISIS_CELLS_BY_CODE } from '#synthetic-world';
import {
  callerFor,
  fieldsOfType,
  graphql,
  graphShape,
  type GraphQLResponse,
  type RunningStack,
  seededCases,
  selectionOf,
  sqlStatementsDuring,
  startStack,
  tokenFor,
  UNAUTHORIZED,
  verdictFor,
} from '#test-kit';
import { EXPECTED_ACCESS, EXPECTED_CASE_PROGRESS_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The rest of a case's progress (DESIGN section 7) end to end, through the
 * gateway over HTTP, on a stack of its own: the assigned officer's
 * updateSuspectStatus, fileChargeSheet and closeCaseWithoutTrial, the
 * district prosecutor's assignProsecutor, the crisis cell's
 * assignSupportAdviser and its counsellors' recordCounsellingSession. Each
 * done, refused by agency (and role), refused by row (answered as a missing
 * case), invalid, out of step, stale, retried under an Idempotency-Key; each
 * on the audit trail; each at a constant number of SQL statements.
 */

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const PUNJAB_CELL = CRISIS_CELLS_BY_CODE.get('LHR1')!;
const UNIT = '5e2d3b0f-8c4a-4d9e-8f1b-2c3d4e5f6a70';
const arcc = (cell = CELL) => tokenFor({ agency: 'ARCC', sub: `progress-arcc-${cell.code}`, cellId: cell.id });
const counsellor = (cell = CELL) =>
  tokenFor({ agency: 'ARCC', sub: `progress-counsellor-${cell.code}`, cellId: cell.id, roles: ['counsellor'] });
const ssoiu = (province: Province = 'KHYBER_PAKHTUNKHWA') => tokenFor({ agency: 'SSOIU', sub: `progress-ssoiu-${province}`, province });
const unitHead = (province: Province = 'KHYBER_PAKHTUNKHWA') =>
  tokenFor({ agency: 'SSOIU', sub: `progress-unit-head-${province}`, province, roles: ['unit_head'], unitId: UNIT });
const officer = (sub: string, province: Province = 'KHYBER_PAKHTUNKHWA') =>
  tokenFor({ agency: 'SSOIU', sub, province, roles: ['investigator'] });
const DISTRICT_PROSECUTOR = 'a7c1e2d3-4b5f-4a6e-9c8d-0e1f2a3b4c5d';
const districtProsecutor = (province: Province = 'KHYBER_PAKHTUNKHWA', sub = DISTRICT_PROSECUTOR) =>
  tokenFor({ agency: 'PROSECUTION', sub, province, roles: ['district_prosecutor'] });
const prosecutor = (sub: string) => tokenFor({ agency: 'PROSECUTION', sub, province: 'KHYBER_PAKHTUNKHWA' });
const adviser = (sub: string) => tokenFor({ agency: 'SUPPORT_ADVISER', sub });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'progress-auditor' });

let stack: RunningStack;

beforeAll(async () => {
  // The mutations alone: the charge sheet's event stays in the outbox here (its flow, the trial opened and
  // the case ON_TRIAL, is test/flows.test.ts's), so each case stays as its mutations leave it.
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error', EVENTS_RELAY: 'off' } });
});

afterAll(async () => {
  await stack?.stop();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

type Token = string | Promise<string> | undefined;
interface Call {
  token?: Token;
  url?: string;
  requestId?: string;
  key?: string;
}

/** One mutation with its input, through the gateway unless told otherwise. */
async function mutate(name: string, selection: string, input: Record<string, unknown>, call: Call = {}): Promise<GraphQLResponse> {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  return graphql(call.url ?? stack.gatewayUrl, `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} } }`, {
    token: await call.token,
    variables: { input },
    requestId: call.requestId,
    headers: call.key ? { [IDEMPOTENCY_KEY_HEADER]: `"${call.key}"` } : {},
  });
}

/** A mutation that must be done: its payload. */
async function done(name: string, selection: string, input: Record<string, unknown>, call: Call) {
  const response = await mutate(name, `${selection} userErrors { field code message }`, input, call);
  expect(response.errors, name).toBeUndefined();
  expect(response.data[name].userErrors, name).toEqual([]);
  return response.data[name];
}

/** The userErrors of a mutation that must not be done (its case null). */
async function refusedWith(name: string, input: Record<string, unknown>, call: Call) {
  const response = await mutate(name, 'case { id } userErrors { field code message }', input, call);
  expect(response.errors, name).toBeUndefined();
  expect(response.data[name].case, name).toBeNull();
  return response.data[name].userErrors as { field: string[] | null; code: string; message: string }[];
}

const notFoundCase = [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }];
const stale = (version: number) => [
  { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining(`version ${version}`) },
];
const transition = (status: string, step: string) => [
  { field: null, code: 'INVALID_TRANSITION', message: `A case in status ${status} does not allow ${step}.` },
];
const invalidFields = (errors: { field: string[] | null; code: string }[]) => errors.map((e) => [e.field?.join('.'), e.code]);

// ——— The way to each stage, through the graph ———

/** A case just reported at a cell: REPORTED, version 1. */
async function reportedCase(cell = CELL, district = 'Peshawar', reportedAt = hoursAgo(30)): Promise<string> {
  const input = {
    reportedAt,
    category: 'RAPE',
    offenceSections: ['PPC 376(1)'],
    district,
    survivor: { fullName: 'Synthetic Survivor', ageAtIncident: 30 },
  };
  return (await done('openCase', 'case { id }', input, { token: arcc(cell) })).case.id;
}

let firs = 0;
/** A case under investigation, its officer assigned: version 3, the officer's id, when the FIR was registered. */
async function assignedCase(cell = CELL, district = 'Peshawar', province: Province = 'KHYBER_PAKHTUNKHWA') {
  const id = await reportedCase(cell, district);
  const firAt = hoursAgo(20);
  const number = `FIR-PROGRESS-${process.pid}-${(firs += 1)}`;
  await done(
    'registerFir',
    'case { id }',
    { caseId: id, expectedVersion: 1, number, registeredAt: firAt, policeStation: 'Gulbahar' },
    {
      token: ssoiu(province),
    },
  );
  const officerId = randomUUID();
  await done(
    'assignInvestigatingOfficer',
    'case { id }',
    { caseId: id, expectedVersion: 2, officerId, officerName: 'Inspector Synthetic Officer' },
    { token: unitHead(province) },
  );
  return { id, officerId, firAt, version: 3 };
}

/** A case of the officer's with suspects added (at large unless told): version 3 + their number, and their ids in order. */
async function caseWithSuspects(statuses: string[] = ['AT_LARGE', 'AT_LARGE']) {
  const target = await assignedCase();
  let version = target.version;
  for (const [i, status] of statuses.entries()) {
    const input = {
      caseId: target.id,
      expectedVersion: version,
      name: `Synthetic Suspect ${i + 1}`,
      status,
      arrestedAt: status === 'AT_LARGE' ? null : hoursAgo(10),
    };
    await done('addSuspect', 'case { id }', input, { token: officer(target.officerId) });
    version += 1;
  }
  const suspects = (await readCase(target.id, 'suspects { id }')).suspects.map((s: { id: string }) => s.id) as string[];
  return { ...target, version, suspects };
}

/** A case charge-sheeted by its officer: version 5 (one suspect, charged). */
async function chargeSheetedCase() {
  const target = await caseWithSuspects(['ARRESTED']);
  await done('fileChargeSheet', 'case { id }', chargeSheet(target.id, target.version, target.suspects), {
    token: officer(target.officerId),
  });
  return { ...target, version: target.version + 1 };
}

/** The case as the province's SSOIU reads it (any fields). */
async function readCase(id: string, fields: string, token: Token = ssoiu()) {
  const response = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(id)}) { ${fields} } }`, { token: await token });
  expect(response.errors).toBeUndefined();
  return response.data.case;
}
const versionOf = async (id: string) => (await readCase(id, 'version')).version as number;

/** The trail entries of one mutation field naming a row, oldest first. */
async function trail(field: string, rowId: string) {
  const response = await graphql(
    stack.gatewayUrl,
    'query ($filter: AuditEntryFilter) { caseAuditTrail(filter: $filter, first: 100) { edges { node { subject agency rowIds outcome } } } }',
    { token: await auditor(), variables: { filter: { field, rowId } } },
  );
  expect(response.errors).toBeUndefined();
  return (response.data.caseAuditTrail.edges as { node: { subject: string; agency: Agency; rowIds: string[]; outcome: string } }[])
    .map(({ node }) => node)
    .reverse();
}
const outcomes = async (field: string, rowId: string) => (await trail(field, rowId)).map((entry) => entry.outcome);

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyCaseAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyCaseAuditChain.ok as boolean;
}

/** The statements the cases subgraph ran for each call, which must all be the same. */
async function statementsPerCall(label: string, calls: ((requestId: string) => Promise<void>)[]) {
  const counts: number[] = [];
  for (const call of calls) counts.push((await sqlStatementsDuring(stack.subgraphUrls, call)).perSubgraph.cases!);
  console.info(`case progress writes: ${label} costs the cases subgraph ${counts[0]} SQL statements (${counts.join(', ')})`);
  expect(new Set(counts).size).toBe(1);
}

// ——— Inputs ———

const suspectStatus = (caseId: string, expectedVersion: number, suspectId: string, status: string, arrestedAt: string | null = null) => ({
  caseId,
  expectedVersion,
  suspectId,
  status,
  arrestedAt,
});
const chargeSheet = (caseId: string, expectedVersion: number, accusedIds: string[], overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  filedAt: hoursAgo(1),
  accusedIds,
  sections: ['PPC 376(1)'],
  ...overrides,
});
const closure = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  reason: 'UNTRACED',
  explanation: 'The accused left the district the night of the incident; every lead traced is exhausted.',
  ...overrides,
});
const session = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  heldAt: hoursAgo(2),
  kind: 'TRAUMA_FOCUSED',
  counsellorName: 'Synthetic Counsellor',
  durationMinutes: 50,
  notes: 'First session: synthetic notes.',
  ...overrides,
});

describe('updateSuspectStatus', () => {
  it("moves a suspect along the state machine, each step the case's version up and on the trail with the suspect", async () => {
    const target = await caseWithSuspects(['AT_LARGE']);
    const token = officer(target.officerId);
    const [suspectId] = target.suspects as [string];
    const arrestedAt = hoursAgo(8);
    const arrested = await done(
      'updateSuspectStatus',
      'case { id version suspects { id status arrestedAt } }',
      suspectStatus(target.id, 4, suspectId, 'ARRESTED', arrestedAt),
      { token },
    );
    expect(arrested.case).toEqual({ id: target.id, version: 5, suspects: [{ id: suspectId, status: 'ARRESTED', arrestedAt }] });
    const steps: [string, string | null][] = [
      ['ON_BAIL', null],
      ['ARRESTED', hoursAgo(4)],
      ['ON_BAIL', null],
      ['AT_LARGE', null],
      ['DISCHARGED', null],
    ];
    let version = 5;
    for (const [status, at] of steps) {
      const payload = await done(
        'updateSuspectStatus',
        'case { version suspects { status } }',
        suspectStatus(target.id, version, suspectId, status, at),
        {
          token,
        },
      );
      version += 1;
      expect(payload.case).toEqual({ version, suspects: [{ status }] });
    }
    expect((await readCase(target.id, 'suspects { status arrestedAt }')).suspects).toEqual([
      { status: 'DISCHARGED', arrestedAt: steps[1]![1] },
    ]);
    const entries = await trail('Mutation.updateSuspectStatus', target.id);
    expect(entries).toHaveLength(6);
    expect(new Set(entries.map((e) => JSON.stringify([e.outcome, e.subject, e.agency, e.rowIds])))).toEqual(
      new Set([JSON.stringify(['DONE', target.officerId, 'SSOIU', [target.id, suspectId]])]),
    );
    expect(await chainOk()).toBe(true);
  });

  it('refuses a step the state machine has not with INVALID_TRANSITION naming the suspect status, changing nothing', async () => {
    const target = await caseWithSuspects(['AT_LARGE', 'ARRESTED']);
    const token = officer(target.officerId);
    const [atLarge, arrested] = target.suspects as [string, string];
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, atLarge, 'ON_BAIL'), { token })).toEqual([
      { field: ['input', 'status'], code: 'INVALID_TRANSITION', message: 'A suspect in status AT_LARGE cannot become ON_BAIL.' },
    ]);
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, arrested, 'AT_LARGE'), { token })).toEqual([
      { field: ['input', 'status'], code: 'INVALID_TRANSITION', message: 'A suspect in status ARRESTED cannot become AT_LARGE.' },
    ]);
    await done('updateSuspectStatus', 'case { id }', suspectStatus(target.id, 5, arrested, 'DISCHARGED'), { token });
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 6, arrested, 'ARRESTED', hoursAgo(1)), { token })).toEqual([
      { field: ['input', 'status'], code: 'INVALID_TRANSITION', message: 'A suspect in status DISCHARGED cannot become ARRESTED.' },
    ]);
    // A charged suspect is the court's now; and a case past the police is out of step.
    const charged = await chargeSheetedCase();
    const chargedToken = officer(charged.officerId);
    expect(
      await refusedWith('updateSuspectStatus', suspectStatus(charged.id, 5, charged.suspects[0]!, 'ON_BAIL'), { token: chargedToken }),
    ).toEqual([{ field: ['input', 'status'], code: 'INVALID_TRANSITION', message: 'A suspect in status CHARGED cannot become ON_BAIL.' }]);
    const decided = seededCases().find((c) => c.status === 'DECIDED' && c.investigation && c.suspects.length > 0)!;
    const decidedToken = tokenFor({ agency: 'SSOIU', sub: decided.investigation!.investigatingOfficerId, province: decided.province });
    expect(
      await refusedWith('updateSuspectStatus', suspectStatus(decided.id, 1, decided.suspects[0]!.id, 'DISCHARGED'), {
        token: decidedToken,
      }),
    ).toEqual(transition('DECIDED', "changing a suspect's status"));
    expect((await readCase(target.id, 'version suspects { status }')).suspects).toEqual([{ status: 'AT_LARGE' }, { status: 'DISCHARGED' }]);
    expect(await outcomes('Mutation.updateSuspectStatus', target.id)).toEqual(['REFUSED', 'REFUSED', 'DONE', 'REFUSED']);
  });

  it('answers a case the caller is not assigned to as a missing one, and a suspect of another case as a missing suspect', async () => {
    const target = await caseWithSuspects(['AT_LARGE']);
    const other = await caseWithSuspects(['AT_LARGE']);
    const input = suspectStatus(target.id, 4, target.suspects[0]!, 'DISCHARGED');
    const notAssigned = await mutate('updateSuspectStatus', 'case { id } userErrors { field code message }', input, {
      token: officer(randomUUID()),
    });
    const missing = await mutate(
      'updateSuspectStatus',
      'case { id } userErrors { field code message }',
      { ...input, caseId: randomUUID() },
      {
        token: officer(target.officerId),
      },
    );
    expect(notAssigned.data).toEqual(missing.data);
    expect(missing.data.updateSuspectStatus).toEqual({ case: null, userErrors: notFoundCase });
    // The officer's own case, another case's suspect.
    const foreign = { ...input, suspectId: other.suspects[0]! };
    expect(await refusedWith('updateSuspectStatus', foreign, { token: officer(target.officerId) })).toEqual([
      { field: ['input', 'suspectId'], code: 'NOT_FOUND', message: 'No suspect of the case with this id.' },
    ]);
    expect(await readCase(other.id, 'version suspects { status }')).toEqual({ version: 4, suspects: [{ status: 'AT_LARGE' }] });
    expect(await versionOf(target.id)).toBe(4);
    expect(await outcomes('Mutation.updateSuspectStatus', target.id)).toEqual(['REFUSED', 'REFUSED']);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, a stale version as STALE_VERSION', async () => {
    const target = await caseWithSuspects(['AT_LARGE', 'ARRESTED']);
    const token = officer(target.officerId);
    const [atLarge, arrested] = target.suspects as [string, string];
    expect(
      invalidFields(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 0, atLarge, 'CHARGED', hoursAgo(1)), { token })),
    ).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.status', 'INVALID_INPUT'],
      ['input.arrestedAt', 'INVALID_INPUT'],
    ]);
    expect(invalidFields(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, atLarge, 'ARRESTED'), { token }))).toEqual([
      ['input.arrestedAt', 'INVALID_INPUT'],
    ]);
    expect(
      invalidFields(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, atLarge, 'ARRESTED', inAnHour()), { token })),
    ).toEqual([['input.arrestedAt', 'INVALID_INPUT']]);
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, atLarge, 'ARRESTED', hoursAgo(40)), { token })).toEqual([
      { field: ['input', 'arrestedAt'], code: 'INVALID_INPUT', message: 'The arrest cannot come before the report.' },
    ]);
    // Re-arrested after bail: not before the arrest on record (10 hours ago).
    await done('updateSuspectStatus', 'case { id }', suspectStatus(target.id, 5, arrested, 'ON_BAIL'), { token });
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 6, arrested, 'ARRESTED', hoursAgo(12)), { token })).toEqual([
      { field: ['input', 'arrestedAt'], code: 'INVALID_INPUT', message: "The arrest cannot come before the suspect's earlier arrest." },
    ]);
    expect(await refusedWith('updateSuspectStatus', suspectStatus(target.id, 5, atLarge, 'DISCHARGED'), { token })).toEqual(stale(6));
    expect(await readCase(target.id, 'version suspects { status }')).toEqual({
      version: 6,
      suspects: [{ status: 'AT_LARGE' }, { status: 'ON_BAIL' }],
    });
    expect(await outcomes('Mutation.updateSuspectStatus', target.id)).toEqual([
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
      'DONE',
      'INVALID',
      'REFUSED',
    ]);
  });

  it('costs the same SQL statements for each change of a case with more and more suspects', async () => {
    const target = await caseWithSuspects(['AT_LARGE', 'AT_LARGE', 'AT_LARGE', 'AT_LARGE', 'AT_LARGE']);
    let version = target.version;
    await statementsPerCall(
      'updateSuspectStatus',
      target.suspects.map((suspectId) => async (requestId) => {
        const input = suspectStatus(target.id, version, suspectId, 'ARRESTED', hoursAgo(1));
        await done('updateSuspectStatus', 'case { id }', input, { token: officer(target.officerId), requestId });
        version += 1;
      }),
    );
  });
});

describe('fileChargeSheet', () => {
  it('files the charge sheet: the accused charged, the investigation and the case CHARGE_SHEET_FILED, the entry naming the accused', async () => {
    const target = await caseWithSuspects(['ARRESTED', 'AT_LARGE', 'ON_BAIL']);
    const [first, atLarge, third] = target.suspects as [string, string, string];
    const input = chargeSheet(target.id, 6, [third, first], { sections: ['PPC 376(1)', 'PPC 377'] });
    const payload = await done(
      'fileChargeSheet',
      'case { id status version investigation { status chargeSheetFiledAt chargeSheetSections } suspects { id status } }',
      input,
      { token: officer(target.officerId) },
    );
    expect(payload.case).toEqual({
      id: target.id,
      status: 'CHARGE_SHEET_FILED',
      version: 7,
      investigation: { status: 'CHARGE_SHEET_FILED', chargeSheetFiledAt: input.filedAt, chargeSheetSections: ['PPC 376(1)', 'PPC 377'] },
      suspects: [
        { id: first, status: 'CHARGED' },
        { id: atLarge, status: 'AT_LARGE' },
        { id: third, status: 'CHARGED' },
      ],
    });
    // The crisis cell sees the case move on, not the charge sheet.
    expect(await readCase(target.id, 'status version', arcc())).toEqual({ status: 'CHARGE_SHEET_FILED', version: 7 });
    expect(await trail('Mutation.fileChargeSheet', target.id)).toEqual([
      { subject: target.officerId, agency: 'SSOIU', rowIds: [target.id, third, first], outcome: 'DONE' },
    ]);
    // Filed once: a second is out of step.
    expect(await refusedWith('fileChargeSheet', chargeSheet(target.id, 7, [atLarge]), { token: officer(target.officerId) })).toEqual(
      transition('CHARGE_SHEET_FILED', 'filing a charge sheet'),
    );
    expect(await chainOk()).toBe(true);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, and changes nothing', async () => {
    const target = await caseWithSuspects(['ARRESTED', 'ARRESTED']);
    const token = officer(target.officerId);
    const [first, second] = target.suspects as [string, string];
    const other = await caseWithSuspects(['ARRESTED']);
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [
        chargeSheet(target.id, 0, [], { filedAt: inAnHour(), sections: ['PPC 302'] }),
        [
          ['input.expectedVersion', 'INVALID_INPUT'],
          ['input.filedAt', 'INVALID_INPUT'],
          ['input.accusedIds', 'INVALID_INPUT'],
          ['input.sections', 'INVALID_INPUT'],
        ],
      ],
      [
        chargeSheet(target.id, 5, [first, first], { sections: ['PPC 376(1)', 'PPC 376(1)'] }),
        [
          ['input.accusedIds', 'INVALID_INPUT'],
          ['input.sections', 'INVALID_INPUT'],
        ],
      ],
      [
        chargeSheet(target.id, 5, ['not-a-suspect'], { sections: [] }),
        [
          ['input.accusedIds', 'INVALID_INPUT'],
          ['input.sections', 'INVALID_INPUT'],
        ],
      ],
      // The FIR was registered 20 hours ago.
      [chargeSheet(target.id, 5, [first], { filedAt: hoursAgo(25) }), [['input.filedAt', 'INVALID_INPUT']]],
      [chargeSheet(target.id, 5, [first, other.suspects[0]!]), [['input.accusedIds', 'INVALID_INPUT']]],
    ];
    for (const [input, expected] of cases) expect(invalidFields(await refusedWith('fileChargeSheet', input, { token }))).toEqual(expected);
    await done('updateSuspectStatus', 'case { id }', suspectStatus(target.id, 5, second, 'DISCHARGED'), { token });
    expect(await refusedWith('fileChargeSheet', chargeSheet(target.id, 6, [second]), { token })).toEqual([
      { field: ['input', 'accusedIds'], code: 'INVALID_INPUT', message: 'A discharged suspect cannot be accused.' },
    ]);
    expect(await readCase(target.id, 'status version investigation { status chargeSheetSections } suspects { status }')).toEqual({
      status: 'UNDER_INVESTIGATION',
      version: 6,
      investigation: { status: 'OPEN', chargeSheetSections: null },
      suspects: [{ status: 'ARRESTED' }, { status: 'DISCHARGED' }],
    });
    expect(await outcomes('Mutation.fileChargeSheet', target.id)).toEqual([
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
      'INVALID',
    ]);
  });

  it('answers a case the caller is not assigned to (its unit head too) as a missing one; refuses a stale version', async () => {
    const target = await caseWithSuspects(['ARRESTED']);
    const input = chargeSheet(target.id, 4, target.suspects);
    const notAssigned = await mutate('fileChargeSheet', 'case { id } userErrors { field code message }', input, {
      token: officer(randomUUID()),
    });
    const unitHeadItself = await mutate('fileChargeSheet', 'case { id } userErrors { field code message }', input, { token: unitHead() });
    const missing = await mutate(
      'fileChargeSheet',
      'case { id } userErrors { field code message }',
      { ...input, caseId: randomUUID() },
      {
        token: officer(target.officerId),
      },
    );
    expect(notAssigned.data).toEqual(missing.data);
    expect(unitHeadItself.data).toEqual(missing.data);
    expect(missing.data.fileChargeSheet).toEqual({ case: null, userErrors: notFoundCase });
    expect(await refusedWith('fileChargeSheet', { ...input, expectedVersion: 3 }, { token: officer(target.officerId) })).toEqual(stale(4));
    expect(await readCase(target.id, 'status version')).toEqual({ status: 'UNDER_INVESTIGATION', version: 4 });
    expect(await outcomes('Mutation.fileChargeSheet', target.id)).toEqual(['REFUSED', 'REFUSED', 'REFUSED']);
  });

  it('replays a retry under the same Idempotency-Key (one charge sheet) and refuses the key with other input', async () => {
    const target = await caseWithSuspects(['ARRESTED', 'ARRESTED']);
    const key = randomUUID();
    const token = await officer(target.officerId);
    const input = chargeSheet(target.id, 5, [target.suspects[0]!]);
    const selection = 'case { version status suspects { status } } userErrors { code }';
    const first = await mutate('fileChargeSheet', selection, input, { token, key });
    expect(first.data.fileChargeSheet.case).toMatchObject({ version: 6, status: 'CHARGE_SHEET_FILED' });
    const again = await mutate('fileChargeSheet', selection, input, { token, key });
    expect(again).toEqual(first);
    const other = await mutate('fileChargeSheet', selection, { ...input, accusedIds: target.suspects }, { token, key });
    expect(other.data?.fileChargeSheet ?? null).toBeNull();
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await readCase(target.id, 'version suspects { status }')).toEqual({
      version: 6,
      suspects: [{ status: 'CHARGED' }, { status: 'ARRESTED' }],
    });
    expect(await outcomes('Mutation.fileChargeSheet', target.id)).toEqual(['DONE']);
  });

  it('costs the same SQL statements whatever the number of suspects and accused', async () => {
    const targets = [];
    for (let n = 1; n <= 4; n += 1) targets.push(await caseWithSuspects(Array.from({ length: n }, () => 'ARRESTED')));
    await statementsPerCall(
      'fileChargeSheet',
      targets.map((target) => async (requestId) => {
        await done('fileChargeSheet', 'case { id }', chargeSheet(target.id, target.version, target.suspects), {
          token: officer(target.officerId),
          requestId,
        });
      }),
    );
  });
});

describe('closeCaseWithoutTrial', () => {
  it('closes a case under investigation: CLOSED_WITHOUT_TRIAL, its investigation closed, the closure read by the province', async () => {
    const target = await assignedCase();
    const input = closure(target.id, 3, { reason: 'INSUFFICIENT_EVIDENCE', explanation: '  Synthetic explanation.  ' });
    const payload = await done(
      'closeCaseWithoutTrial',
      'case { status version investigation { status } closure { reason explanation closedAt } }',
      input,
      { token: officer(target.officerId) },
    );
    expect(payload.case).toEqual({
      status: 'CLOSED_WITHOUT_TRIAL',
      version: 4,
      investigation: { status: 'CLOSED_INSUFFICIENT_EVIDENCE' },
      closure: { reason: 'INSUFFICIENT_EVIDENCE', explanation: 'Synthetic explanation.', closedAt: expect.any(String) },
    });
    expect(Date.now() - Date.parse(payload.case.closure.closedAt)).toBeLessThan(60_000);
    expect((await readCase(target.id, 'closure { reason }')).closure).toEqual({ reason: 'INSUFFICIENT_EVIDENCE' });
    // The crisis cell sees that the case closed, not the police's account of why.
    const asCell = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(target.id)}) { status closure { reason } } }`, {
      token: await arcc(),
    });
    expect(asCell.data.case).toEqual({ status: 'CLOSED_WITHOUT_TRIAL', closure: null });
    expect(asCell.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['case', 'closure'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    // Closed is final.
    expect(await refusedWith('closeCaseWithoutTrial', closure(target.id, 4), { token: officer(target.officerId) })).toEqual(
      transition('CLOSED_WITHOUT_TRIAL', 'closing it without trial'),
    );
    expect(await trail('Mutation.closeCaseWithoutTrial', target.id)).toEqual([
      { subject: target.officerId, agency: 'SSOIU', rowIds: [target.id], outcome: 'DONE' },
      { subject: target.officerId, agency: 'SSOIU', rowIds: [target.id], outcome: 'REFUSED' },
    ]);
  });

  it('closes a reported case (before an FIR) for a reason that fits it, and refuses a reason that fits only after an FIR', async () => {
    const id = await reportedCase();
    // An officer assigned before the FIR: not a step the graph has yet, so written as the row the ASSIGNED rule reads.
    const officerId = randomUUID();
    const database = stack.subgraphs.cases.database;
    await database
      .fork()
      .getConnection()
      .execute(`insert into "${database.schema}"."case_assignment" ("case_id", "agency", "assignee_id") values (?, 'SSOIU', ?)`, [
        id,
        officerId,
      ]);
    const token = officer(officerId);
    expect(await refusedWith('closeCaseWithoutTrial', closure(id, 1, { reason: 'UNTRACED' }), { token })).toEqual([
      {
        field: ['input', 'reason'],
        code: 'INVALID_INPUT',
        message: 'A case in status REPORTED closes as SURVIVOR_DECLINED or DUPLICATE_REPORT.',
      },
    ]);
    const payload = await done(
      'closeCaseWithoutTrial',
      'case { status version investigation { status } closure { reason } }',
      closure(id, 1, { reason: 'SURVIVOR_DECLINED' }),
      {
        token,
      },
    );
    expect(payload.case).toEqual({
      status: 'CLOSED_WITHOUT_TRIAL',
      version: 2,
      investigation: null,
      closure: { reason: 'SURVIVOR_DECLINED' },
    });
    expect(await outcomes('Mutation.closeCaseWithoutTrial', id)).toEqual(['INVALID', 'DONE']);
  });

  it('refuses a charge-sheeted case, a stale version, a case not assigned to the caller and invalid input', async () => {
    const charged = await chargeSheetedCase();
    expect(await refusedWith('closeCaseWithoutTrial', closure(charged.id, 5), { token: officer(charged.officerId) })).toEqual(
      transition('CHARGE_SHEET_FILED', 'closing it without trial'),
    );
    const target = await assignedCase();
    const token = officer(target.officerId);
    expect(await refusedWith('closeCaseWithoutTrial', closure(target.id, 2), { token })).toEqual(stale(3));
    expect(await refusedWith('closeCaseWithoutTrial', closure(target.id, 3), { token: officer(randomUUID()) })).toEqual(notFoundCase);
    expect(await refusedWith('closeCaseWithoutTrial', closure(target.id, 3, { reason: 'DUPLICATE_REPORT' }), { token })).toEqual([
      {
        field: ['input', 'reason'],
        code: 'INVALID_INPUT',
        message: 'A case in status UNDER_INVESTIGATION closes as UNTRACED or INSUFFICIENT_EVIDENCE.',
      },
    ]);
    expect(invalidFields(await refusedWith('closeCaseWithoutTrial', closure(target.id, -1, { explanation: ' ' }), { token }))).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.explanation', 'INVALID_INPUT'],
    ]);
    expect(
      invalidFields(await refusedWith('closeCaseWithoutTrial', closure(target.id, 3, { explanation: 'x'.repeat(2_001) }), { token })),
    ).toEqual([['input.explanation', 'INVALID_INPUT']]);
    expect(await readCase(target.id, 'status version closure { reason }')).toEqual({
      status: 'UNDER_INVESTIGATION',
      version: 3,
      closure: null,
    });
    expect(await outcomes('Mutation.closeCaseWithoutTrial', target.id)).toEqual(['REFUSED', 'REFUSED', 'INVALID', 'INVALID', 'INVALID']);
  });

  it('costs the same SQL statements for each closure', async () => {
    const targets = [await assignedCase(), await assignedCase(), await assignedCase()];
    await statementsPerCall(
      'closeCaseWithoutTrial',
      targets.map((target) => async (requestId) => {
        await done('closeCaseWithoutTrial', 'case { id }', closure(target.id, 3), { token: officer(target.officerId), requestId });
      }),
    );
  });
});

/**
 * Who reads a closure. test/access-enforced.test.ts probes every (agency,
 * field) pair on an anchor case that was tried, so it can never have a
 * closure: it leaves CaseClosure to this test (its PROBED_ELSEWHERE names this
 * title). Here a case closed through the graph, with a prosecutor, a support
 * adviser and a court assigned, is read by every agency as one who meets every
 * row condition the expected matrix names, and, for each agency the matrix
 * gives a row condition, as one who does not: through the gateway and
 * straight at the cases subgraph, every field of CaseClosure the schema has.
 */
describe('Case.closure and every field of CaseClosure, read by every agency through the gateway and straight at the cases subgraph', () => {
  const shape = graphShape();
  const fields = fieldsOfType(shape, 'CaseClosure', { api: true });
  const coordinates = ['Case.closure', ...fields.map((field) => `CaseClosure.${field}`)];
  const nonNullFieldsOf = (type: string) => [...shape.fields.values()].filter((f) => f.type === type && !f.nullable).map((f) => f.field);
  const access = (coordinate: string, agency: Agency) => EXPECTED_ACCESS.get(coordinate)?.[agency] ?? '–';
  const explanation = 'Synthetic closure: the accused left the district; every lead traced is exhausted.';
  const [prosecutorId, adviserId, courtId] = [randomUUID(), randomUUID(), randomUUID()];
  const court = (id: string) => tokenFor({ agency: 'COURT', sub: `progress-court-${id}`, courtId: id });
  let closed: { id: string; officerId: string };

  /** Insiders meet every row condition the matrix names for their agency on the closed case; outsiders miss it. */
  const readers: { agency: Agency; who: string; insider: boolean; token: () => Token }[] = [
    { agency: 'ARCC', who: "a counsellor of the case's cell", insider: true, token: () => counsellor() },
    { agency: 'ARCC', who: 'a counsellor of another cell', insider: false, token: () => counsellor(PUNJAB_CELL) },
    { agency: 'SSOIU', who: 'the officer who closed it, of its province', insider: true, token: () => officer(closed.officerId) },
    { agency: 'SSOIU', who: 'the unit of another province', insider: false, token: () => ssoiu('PUNJAB') },
    { agency: 'PROSECUTION', who: 'the prosecutor assigned', insider: true, token: () => prosecutor(prosecutorId) },
    { agency: 'PROSECUTION', who: 'a prosecutor not assigned', insider: false, token: () => prosecutor(randomUUID()) },
    { agency: 'COURT', who: 'the court assigned', insider: true, token: () => court(courtId) },
    { agency: 'COURT', who: 'a court not assigned', insider: false, token: () => court(randomUUID()) },
    { agency: 'SUPPORT_ADVISER', who: "the survivor's adviser", insider: true, token: () => adviser(adviserId) },
    { agency: 'SUPPORT_ADVISER', who: 'another adviser', insider: false, token: () => adviser(randomUUID()) },
    ...(['NPB', 'NADRA', 'SPECIAL_COMMITTEE', 'AUDITOR', 'PUBLIC'] as const).map((agency) => ({
      agency,
      who: agency === 'PUBLIC' ? 'no token' : 'its token',
      insider: true,
      token: () => {
        const { identity } = callerFor(agency);
        return identity ? tokenFor(identity) : undefined;
      },
    })),
  ];

  beforeAll(async () => {
    const target = await assignedCase();
    await done('assignProsecutor', 'caseVersion', { caseId: target.id, expectedVersion: 3, prosecutorId }, { token: districtProsecutor() });
    await done('assignSupportAdviser', 'case { id }', { caseId: target.id, expectedVersion: 4, adviserId }, { token: arcc() });
    await done('closeCaseWithoutTrial', 'case { status }', closure(target.id, 5, { explanation }), { token: officer(target.officerId) });
    // A court assigned: not a step the graph has for a case closed without trial (it never reaches a court), so written as
    // the row the ASSIGNED rule reads, for the matrix's COURT "assigned" to be seen read as well as refused.
    const database = stack.subgraphs.cases.database;
    await database
      .fork()
      .getConnection()
      .execute(`insert into "${database.schema}"."case_assignment" ("case_id", "agency", "assignee_id") values (?, 'COURT', ?)`, [
        target.id,
        courtId,
      ]);
    closed = target;
  });

  it('has a reader inside for every agency, and one outside for every agency the matrix gives a row condition', () => {
    expect(new Set(readers.filter((r) => r.insider).map((r) => r.agency))).toEqual(new Set(AGENCIES));
    const conditioned = AGENCIES.filter((agency) => coordinates.some((c) => !['–', 'yes'].includes(access(c, agency))));
    expect(conditioned.length).toBeGreaterThan(0);
    for (const agency of conditioned)
      expect(
        readers.some((r) => r.agency === agency && !r.insider),
        agency,
      ).toBe(true);
  });

  it.each(['gateway', 'cases'] as const)('at %s', async (target) => {
    const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.cases;
    const query = `query ($id: ID!) { case(id: $id) { closure { ${selectionOf(shape, 'CaseClosure', fields)} } } }`;
    const problems: string[] = [];
    const reads: string[] = [];
    for (const reader of readers) {
      const response = await graphql(url, query, { token: await reader.token(), variables: { id: closed.id } });
      const label = `${reader.agency} (${reader.who})`;
      if (!reader.insider && response.data?.case === null) {
        // Out of the reader's reach, the case answers exactly as one that does not exist (test/existence-oracle.test.ts),
        // errors and all: a field the agency may never read is refused before any row is looked at.
        const missing = await graphql(url, query, { token: await reader.token(), variables: { id: randomUUID() } });
        expect(response, label).toEqual(missing);
        continue;
      }
      const readable = (coordinate: string) => reader.insider && access(coordinate, reader.agency) !== '–';
      for (const coordinate of coordinates) {
        const [type, field] = coordinate.split('.') as [string, string];
        const verdict = verdictFor(
          response,
          type === 'Case' ? ['case'] : ['case', 'closure'],
          field,
          readable(coordinate) ? 'readable' : 'refused',
          {
            nonNullSiblings: nonNullFieldsOf(type),
          },
        );
        problems.push(...verdict.problems.map((problem) => `${label} ${coordinate}: ${problem}`));
      }
      const others = (response.errors ?? []).filter((error) => error.extensions?.code !== UNAUTHORIZED);
      if (others.length > 0) problems.push(`${label}: errors other than ${UNAUTHORIZED}: ${JSON.stringify(others)}`);
      if (readable('Case.closure')) {
        reads.push(label);
        expect(response.data.case.closure, label).toMatchObject({ reason: 'UNTRACED', explanation, closedAt: expect.any(String) });
      } else expect(JSON.stringify(response.data ?? null), label).not.toContain(explanation);
    }
    expect(problems).toEqual([]);
    // The matrix today: the province's unit, the prosecutor and the court assigned.
    expect(reads).toEqual([
      'SSOIU (the officer who closed it, of its province)',
      'PROSECUTION (the prosecutor assigned)',
      'COURT (the court assigned)',
    ]);
  });
});

/** Whether the caller reads the survivor's name: what only those assigned to the case may. */
async function readsSurvivor(token: Token, caseId: string): Promise<boolean> {
  const response = await graphql(stack.gatewayUrl, `query { case(id: ${JSON.stringify(caseId)}) { survivor { fullName } } }`, {
    token: await token,
  });
  return response.data?.case?.survivor?.fullName === 'Synthetic Survivor';
}

describe('assignProsecutor', () => {
  it('names the prosecutor of a charge-sheeted case, who then reads it; a second replaces the first', async () => {
    const target = await chargeSheetedCase();
    const [first, second] = [randomUUID(), randomUUID()];
    expect(await readsSurvivor(prosecutor(first), target.id)).toBe(false);
    const named = await mutate(
      'assignProsecutor',
      'case { id } caseVersion userErrors { code }',
      { caseId: target.id, expectedVersion: 5, prosecutorId: first },
      { token: districtProsecutor() },
    );
    // The district prosecutor is not assigned to the case: the case is not theirs to read, its version is.
    expect(named.data.assignProsecutor).toEqual({ case: null, caseVersion: 6, userErrors: [] });
    expect(named.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['assignProsecutor', 'case', 'id'], 'UNAUTHORIZED_FIELD_OR_TYPE'],
    ]);
    expect(await readsSurvivor(prosecutor(first), target.id)).toBe(true);
    // Naming themselves, they read it.
    const self = await done(
      'assignProsecutor',
      'case { id version status } caseVersion',
      { caseId: target.id, expectedVersion: 6, prosecutorId: second },
      {
        token: districtProsecutor('KHYBER_PAKHTUNKHWA', second),
      },
    );
    expect(self).toEqual({ case: { id: target.id, version: 7, status: 'CHARGE_SHEET_FILED' }, caseVersion: 7, userErrors: [] });
    expect(await readsSurvivor(prosecutor(first), target.id)).toBe(false);
    expect((await trail('Mutation.assignProsecutor', target.id)).map((e) => [e.subject, e.agency, e.rowIds, e.outcome])).toEqual([
      [DISTRICT_PROSECUTOR, 'PROSECUTION', [target.id], 'DONE'],
      [second, 'PROSECUTION', [target.id], 'DONE'],
    ]);
  });

  it('names a prosecutor during the investigation, and on trial; not before an FIR nor once decided', async () => {
    const investigated = await assignedCase();
    await done(
      'assignProsecutor',
      'caseVersion',
      { caseId: investigated.id, expectedVersion: 3, prosecutorId: randomUUID() },
      { token: districtProsecutor() },
    );
    const onTrial = seededCases().find((c) => c.province === 'KHYBER_PAKHTUNKHWA' && c.status === 'ON_TRIAL')!;
    await done(
      'assignProsecutor',
      'caseVersion',
      { caseId: onTrial.id, expectedVersion: 1, prosecutorId: randomUUID() },
      { token: districtProsecutor() },
    );
    const reported = await reportedCase();
    expect(
      await refusedWith(
        'assignProsecutor',
        { caseId: reported, expectedVersion: 1, prosecutorId: randomUUID() },
        { token: districtProsecutor() },
      ),
    ).toEqual(transition('REPORTED', 'assigning a prosecutor'));
    const decided = seededCases().find((c) => c.province === 'KHYBER_PAKHTUNKHWA' && c.status === 'DECIDED')!;
    expect(
      await refusedWith(
        'assignProsecutor',
        { caseId: decided.id, expectedVersion: 1, prosecutorId: randomUUID() },
        { token: districtProsecutor() },
      ),
    ).toEqual(transition('DECIDED', 'assigning a prosecutor'));
  });

  it("answers another province's case as a missing one; refuses a stale version and an id that is no UUID; a prosecutor without the role at the top", async () => {
    const punjab = await assignedCase(PUNJAB_CELL, 'Lahore', 'PUNJAB');
    const input = { caseId: punjab.id, expectedVersion: 3, prosecutorId: randomUUID() };
    const hidden = await mutate('assignProsecutor', 'caseVersion userErrors { field code message }', input, {
      token: districtProsecutor(),
    });
    const missing = await mutate(
      'assignProsecutor',
      'caseVersion userErrors { field code message }',
      { ...input, caseId: randomUUID() },
      {
        token: districtProsecutor(),
      },
    );
    expect(hidden.data).toEqual(missing.data);
    expect(missing.data.assignProsecutor).toEqual({ caseVersion: null, userErrors: notFoundCase });
    expect(await refusedWith('assignProsecutor', { ...input, expectedVersion: 2 }, { token: districtProsecutor('PUNJAB') })).toEqual(
      stale(3),
    );
    expect(
      invalidFields(
        await refusedWith(
          'assignProsecutor',
          { ...input, expectedVersion: 0, prosecutorId: 'someone' },
          { token: districtProsecutor('PUNJAB') },
        ),
      ),
    ).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.prosecutorId', 'INVALID_INPUT'],
    ]);
    const plain = await mutate('assignProsecutor', 'caseVersion', input, { token: prosecutor(randomUUID()) });
    expect(plain.data?.assignProsecutor ?? null).toBeNull();
    expect(plain.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['assignProsecutor'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect((await readCase(punjab.id, 'version', ssoiu('PUNJAB'))).version).toBe(3);
    expect(await outcomes('Mutation.assignProsecutor', punjab.id)).toEqual(['REFUSED', 'REFUSED', 'INVALID']);
  });

  it('costs the same SQL statements for each assignment', async () => {
    const target = await chargeSheetedCase();
    let version = target.version;
    await statementsPerCall(
      'assignProsecutor',
      [1, 2, 3, 4].map(() => async (requestId) => {
        await done(
          'assignProsecutor',
          'caseVersion',
          { caseId: target.id, expectedVersion: version, prosecutorId: randomUUID() },
          {
            token: districtProsecutor(),
            requestId,
          },
        );
        version += 1;
      }),
    );
  });
});

describe('assignSupportAdviser', () => {
  it("names the survivor's support adviser, who then reads the survivor; a second replaces the first, whatever the case's status", async () => {
    const id = await reportedCase();
    const [first, second] = [randomUUID(), randomUUID()];
    expect(await readsSurvivor(adviser(first), id)).toBe(false);
    const payload = await done(
      'assignSupportAdviser',
      'case { id version status }',
      { caseId: id, expectedVersion: 1, adviserId: first },
      { token: arcc() },
    );
    expect(payload.case).toEqual({ id, version: 2, status: 'REPORTED' });
    expect(await readsSurvivor(adviser(first), id)).toBe(true);
    await done('assignSupportAdviser', 'case { id }', { caseId: id, expectedVersion: 2, adviserId: second }, { token: arcc() });
    expect(await readsSurvivor(adviser(first), id)).toBe(false);
    expect(await readsSurvivor(adviser(second), id)).toBe(true);
    // A decided case of the cell.
    const decided = seededCases().find((c) => c.crisisCellId === CELL.id && c.status === 'DECIDED')!;
    await done('assignSupportAdviser', 'case { status }', { caseId: decided.id, expectedVersion: 1, adviserId: second }, { token: arcc() });
    expect(await trail('Mutation.assignSupportAdviser', id)).toEqual([
      { subject: `progress-arcc-${CELL.code}`, agency: 'ARCC', rowIds: [id], outcome: 'DONE' },
      { subject: `progress-arcc-${CELL.code}`, agency: 'ARCC', rowIds: [id], outcome: 'DONE' },
    ]);
  });

  it("answers another cell's case as a missing one; refuses a stale version and an adviser id that is no UUID", async () => {
    const punjab = await reportedCase(PUNJAB_CELL, 'Lahore');
    const input = { caseId: punjab, expectedVersion: 1, adviserId: randomUUID() };
    const hidden = await mutate('assignSupportAdviser', 'case { id } userErrors { field code message }', input, { token: arcc() });
    const missing = await mutate(
      'assignSupportAdviser',
      'case { id } userErrors { field code message }',
      { ...input, caseId: randomUUID() },
      {
        token: arcc(),
      },
    );
    expect(hidden.data).toEqual(missing.data);
    expect(missing.data.assignSupportAdviser).toEqual({ case: null, userErrors: notFoundCase });
    expect(await refusedWith('assignSupportAdviser', { ...input, expectedVersion: 2 }, { token: arcc(PUNJAB_CELL) })).toEqual(stale(1));
    expect(
      invalidFields(await refusedWith('assignSupportAdviser', { ...input, adviserId: 'adviser-1' }, { token: arcc(PUNJAB_CELL) })),
    ).toEqual([['input.adviserId', 'INVALID_INPUT']]);
    expect(await readsSurvivor(adviser(input.adviserId), punjab)).toBe(false);
    expect(await outcomes('Mutation.assignSupportAdviser', punjab)).toEqual(['REFUSED', 'REFUSED', 'INVALID']);
  });

  it('costs the same SQL statements for each assignment', async () => {
    const id = await reportedCase();
    let version = 1;
    await statementsPerCall(
      'assignSupportAdviser',
      [1, 2, 3, 4].map(() => async (requestId) => {
        await done(
          'assignSupportAdviser',
          'case { id }',
          { caseId: id, expectedVersion: version, adviserId: randomUUID() },
          { token: arcc(), requestId },
        );
        version += 1;
      }),
    );
  });
});

describe('recordCounsellingSession', () => {
  it("records a session by the cell's counsellor: read back with its notes by the counsellors, the entry naming the case and the session", async () => {
    const id = await reportedCase();
    const input = session(id, 1, { counsellorName: '  Synthetic Counsellor ', notes: '  Synthetic notes.  ' });
    const payload = await done(
      'recordCounsellingSession',
      'case { id version counsellingSessions { id heldAt kind counsellorName durationMinutes notes } }',
      input,
      { token: counsellor() },
    );
    expect(payload.case).toEqual({
      id,
      version: 2,
      counsellingSessions: [
        {
          id: expect.any(String),
          heldAt: input.heldAt,
          kind: 'TRAUMA_FOCUSED',
          counsellorName: 'Synthetic Counsellor',
          durationMinutes: 50,
          notes: 'Synthetic notes.',
        },
      ],
    });
    const second = await done(
      'recordCounsellingSession',
      'case { counsellingSessions { notes } }',
      session(id, 2, { notes: null, heldAt: hoursAgo(1) }),
      {
        token: counsellor(),
      },
    );
    expect(second.case.counsellingSessions).toEqual([{ notes: 'Synthetic notes.' }, { notes: null }]);
    const [entry] = await trail('Mutation.recordCounsellingSession', id);
    expect(entry).toEqual({
      subject: `progress-counsellor-${CELL.code}`,
      agency: 'ARCC',
      rowIds: [id, payload.case.counsellingSessions[0].id],
      outcome: 'DONE',
    });
  });

  it("refuses the cell's staff without the counsellor role at the top, another cell's counsellor as for a missing case", async () => {
    const id = await reportedCase();
    const staff = await mutate('recordCounsellingSession', 'case { id } userErrors { code }', session(id, 1), { token: arcc() });
    expect(staff.data?.recordCounsellingSession ?? null).toBeNull();
    expect(staff.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['recordCounsellingSession'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect(await refusedWith('recordCounsellingSession', session(id, 1), { token: counsellor(PUNJAB_CELL) })).toEqual(notFoundCase);
    expect(await refusedWith('recordCounsellingSession', session(randomUUID(), 1), { token: counsellor(PUNJAB_CELL) })).toEqual(
      notFoundCase,
    );
    expect(await readCase(id, 'version counsellingSessions { id }', counsellor())).toEqual({ version: 1, counsellingSessions: [] });
    expect(await outcomes('Mutation.recordCounsellingSession', id)).toEqual(['REFUSED']);
  });

  it('rejects invalid input as INVALID_INPUT naming each field, a stale version as STALE_VERSION', async () => {
    const id = await reportedCase(CELL, 'Peshawar', hoursAgo(3));
    const token = counsellor();
    expect(
      invalidFields(
        await refusedWith(
          'recordCounsellingSession',
          session(id, 0, { heldAt: inAnHour(), counsellorName: ' ', durationMinutes: 5, notes: 'x'.repeat(4_001) }),
          {
            token,
          },
        ),
      ),
    ).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.heldAt', 'INVALID_INPUT'],
      ['input.counsellorName', 'INVALID_INPUT'],
      ['input.durationMinutes', 'INVALID_INPUT'],
      ['input.notes', 'INVALID_INPUT'],
    ]);
    expect(
      invalidFields(await refusedWith('recordCounsellingSession', session(id, 1, { durationMinutes: 241, notes: '  ' }), { token })),
    ).toEqual([
      ['input.durationMinutes', 'INVALID_INPUT'],
      ['input.notes', 'INVALID_INPUT'],
    ]);
    expect(await refusedWith('recordCounsellingSession', session(id, 1, { heldAt: hoursAgo(4) }), { token })).toEqual([
      { field: ['input', 'heldAt'], code: 'INVALID_INPUT', message: 'The session cannot come before the report.' },
    ]);
    expect(await refusedWith('recordCounsellingSession', session(id, 2), { token })).toEqual(stale(1));
    expect(await readCase(id, 'version counsellingSessions { id }', token)).toEqual({ version: 1, counsellingSessions: [] });
    expect(await outcomes('Mutation.recordCounsellingSession', id)).toEqual(['INVALID', 'INVALID', 'INVALID', 'REFUSED']);
  });

  it('costs the same SQL statements for the 1st and the 5th session of a case', async () => {
    const id = await reportedCase();
    let version = 1;
    await statementsPerCall(
      'recordCounsellingSession',
      [1, 2, 3, 4, 5].map(() => async (requestId) => {
        await done('recordCounsellingSession', 'case { id }', session(id, version), { token: counsellor(), requestId });
        version += 1;
      }),
    );
  });
});

/** For each mutation: a case ready for it (its version, and the token of whom DESIGN allows), and the input that steps it. */
const ready: Record<
  string,
  () => Promise<{ caseId: string; version: number; allowed: () => Promise<string>; input: Record<string, unknown> }>
> = {
  updateSuspectStatus: async () => {
    const target = await caseWithSuspects(['AT_LARGE']);
    const input = suspectStatus(target.id, 4, target.suspects[0]!, 'ARRESTED', hoursAgo(1));
    return { caseId: target.id, version: 4, allowed: () => officer(target.officerId), input };
  },
  fileChargeSheet: async () => {
    const target = await caseWithSuspects(['ARRESTED']);
    return { caseId: target.id, version: 4, allowed: () => officer(target.officerId), input: chargeSheet(target.id, 4, target.suspects) };
  },
  closeCaseWithoutTrial: async () => {
    const target = await assignedCase();
    return { caseId: target.id, version: 3, allowed: () => officer(target.officerId), input: closure(target.id, 3) };
  },
  assignProsecutor: async () => {
    const target = await assignedCase();
    return {
      caseId: target.id,
      version: 3,
      allowed: () => districtProsecutor(),
      input: { caseId: target.id, expectedVersion: 3, prosecutorId: randomUUID() },
    };
  },
  assignSupportAdviser: async () => {
    const id = await reportedCase();
    return { caseId: id, version: 1, allowed: () => arcc(), input: { caseId: id, expectedVersion: 1, adviserId: randomUUID() } };
  },
  recordCounsellingSession: async () => {
    const id = await reportedCase();
    return { caseId: id, version: 1, allowed: () => counsellor(), input: session(id, 1) };
  },
};

describe('Idempotency-Key on each progress mutation', () => {
  for (const name of Object.keys(ready)) {
    it(`${name}: a retry replays the first answer (one change); the key with other input is IDEMPOTENCY_KEY_REUSED`, async () => {
      const { caseId, version, allowed, input } = await ready[name]!();
      const token = await allowed();
      const key = randomUUID();
      const first = await mutate(name, 'userErrors { code }', input, { token, key });
      expect(first.data[name].userErrors).toEqual([]);
      expect(await mutate(name, 'userErrors { code }', input, { token, key })).toEqual(first);
      const other = await mutate(name, 'userErrors { code }', { ...input, expectedVersion: version + 1 }, { token, key });
      expect(other.data?.[name] ?? null).toBeNull();
      expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      expect(await versionOf(caseId)).toBe(version + 1);
      expect(await outcomes(`Mutation.${name}`, caseId)).toEqual(['DONE']);
    });
  }
});

describe("who may call each of the case's progress mutations, as DESIGN section 7 says (through the gateway and straight at the subgraph)", () => {
  // One case per mutation for every refused call: a refusal writes nothing, so its version never moves.
  const refusedTargets = new Map<string, ReturnType<(typeof ready)[string]>>();
  const tokenOf = (agency: Agency, allowedAgency: boolean, allowed: () => Promise<string>) => {
    if (allowedAgency) return allowed();
    const { identity } = callerFor(agency);
    if (!identity) return undefined;
    // The case's own cell and province, so nothing but the agency (or the role) is what refuses.
    if (agency === 'ARCC') return tokenFor({ ...identity, cellId: CELL.id, roles: [] });
    return tokenFor({ ...identity, province: 'KHYBER_PAKHTUNKHWA' });
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(ready).sort()).toEqual([...EXPECTED_CASE_PROGRESS_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'cases'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.cases;
        for (const name of Object.keys(ready)) {
          const allowedAgency = EXPECTED_CASE_PROGRESS_MUTATIONS.get(name)![agency] !== '–';
          if (!allowedAgency && !refusedTargets.has(name)) refusedTargets.set(name, ready[name]!());
          const { caseId, version, allowed, input } = await (allowedAgency ? ready[name]!() : refusedTargets.get(name)!);
          const response = await mutate(name, 'userErrors { code }', input, { token: tokenOf(agency, allowedAgency, allowed), url });
          if (allowedAgency) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            expect(await versionOf(caseId), `${agency} ${name}`).toBe(version + 1);
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
            expect(await versionOf(caseId), `${agency} ${name}`).toBe(version);
          }
        }
      });
    }
  }

  it('refuses the agencies DESIGN allows without the role the mutation needs, at the top', async () => {
    for (const [name, token] of [
      ['assignProsecutor', prosecutor(DISTRICT_PROSECUTOR)],
      ['recordCounsellingSession', arcc()],
    ] as const) {
      const { caseId, version, input } = await (refusedTargets.get(name) ?? ready[name]!());
      for (const url of [stack.gatewayUrl, stack.subgraphUrls.cases]) {
        const response = await mutate(name, 'userErrors { code }', input, { token, url });
        expect(
          response.errors?.map((e) => [e.path, e.extensions?.code]),
          name,
        ).toEqual([[[name], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
      }
      expect(await versionOf(caseId)).toBe(version);
    }
  });
});
