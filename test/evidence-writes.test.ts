import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
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
import { EXPECTED_EVIDENCE_MUTATIONS } from './fixtures/expected-access.ts';

/**
 * The evidence mutations (DESIGN section 7) end to end, through the gateway
 * over HTTP, on a stack of its own: collectEvidence, transferEvidenceCustody
 * and recordForensicReport, done, refused by agency, refused by row (another
 * cell's case, a case the officer is not assigned to, an item the cell has
 * handed on: each answers as a missing one), invalid, out of step, stale, a
 * chain continued by someone who does not hold the item, a seal found broken;
 * each on the audit trail; a retry under an Idempotency-Key; and a constant
 * number of SQL statements.
 */

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
const OTHER_CELL = CRISIS_CELLS_BY_CODE.get('LHR1')!;
const arcc = (cellId = CELL.id, sub = 'evidence-arcc') => tokenFor({ agency: 'ARCC', sub, cellId });
const ssoiu = () => tokenFor({ agency: 'SSOIU', sub: 'evidence-ssoiu-kp', province: 'KHYBER_PAKHTUNKHWA' });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'evidence-auditor' });
const UNIT = '5e2d3b0f-8c4a-5d9e-8f1b-2c3d4e5f6071';
const unitHead = () =>
  tokenFor({ agency: 'SSOIU', sub: 'evidence-unit-head', province: 'KHYBER_PAKHTUNKHWA', roles: ['unit_head'], unitId: UNIT });
const officer = (sub: string, province = 'KHYBER_PAKHTUNKHWA') =>
  tokenFor({ agency: 'SSOIU', sub, province: province as 'KHYBER_PAKHTUNKHWA', roles: ['investigator'] });

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error' } });
});

afterAll(async () => {
  await stack?.stop();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const iso = (value: string) => new Date(value).toISOString();
type Token = string | Promise<string>;

async function mutate(query: string, input: Record<string, unknown>, token: Token, url = stack.gatewayUrl) {
  return graphql(url, query, { token: await token, variables: { input } });
}

/** Runs a mutation that must be done, and answers its payload. */
async function done(query: string, name: string, input: Record<string, unknown>, token: Token) {
  const response = await mutate(query, input, token);
  expect(response.errors, name).toBeUndefined();
  expect(response.data[name].userErrors, name).toEqual([]);
  return response.data[name];
}

const OPEN_CASE = 'mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id version } userErrors { code } } }';
const RECORD_EXAM =
  'mutation ($input: RecordMedicoLegalExamInput!) { recordMedicoLegalExam(input: $input) { case { id } userErrors { code } } }';
const REGISTER_FIR = 'mutation ($input: RegisterFirInput!) { registerFir(input: $input) { case { id } userErrors { code } } }';
const ASSIGN =
  'mutation ($input: AssignInvestigatingOfficerInput!) { assignInvestigatingOfficer(input: $input) { case { id } userErrors { code } } }';

/** A case of its own, just reported at the cell: REPORTED, version 1. */
async function reportedCase(cellId = CELL.id, district = 'Peshawar'): Promise<string> {
  const payload = await done(
    OPEN_CASE,
    'openCase',
    {
      reportedAt: hoursAgo(30),
      category: 'RAPE',
      offenceSections: ['PPC 376(1)'],
      district,
      survivor: { fullName: 'Synthetic Survivor', ageAtIncident: 30 },
    },
    arcc(cellId),
  );
  return payload.case.id;
}

/** A reported case examined (DNA samples taken or not) at the cell: version 2. */
async function examinedCase(dnaSamplesTaken = true): Promise<string> {
  const caseId = await reportedCase();
  await done(
    RECORD_EXAM,
    'recordMedicoLegalExam',
    {
      caseId,
      expectedVersion: 1,
      examinedAt: hoursAgo(28),
      examinerName: 'Dr. Synthetic Examiner',
      dnaSamplesTaken,
      findingsSummary: 'Synthetic findings.',
    },
    arcc(),
  );
  return caseId;
}

let firs = 0;
/** The police take an examined case on (version `version`): its FIR registered, its officer assigned; the case two versions on, and the officer's id. */
async function investigate(caseId: string, version: number): Promise<string> {
  firs += 1;
  await done(
    REGISTER_FIR,
    'registerFir',
    {
      caseId,
      expectedVersion: version,
      number: `FIR-EVIDENCE-${process.pid}-${firs}`,
      registeredAt: hoursAgo(26),
      policeStation: 'Gulbahar',
    },
    ssoiu(),
  );
  const officerId = randomUUID();
  await done(
    ASSIGN,
    'assignInvestigatingOfficer',
    { caseId, expectedVersion: version + 1, officerId, officerName: 'Inspector Synthetic Officer' },
    unitHead(),
  );
  return officerId;
}

/** An examined case under investigation with its officer assigned: version 4, and the officer's id. */
async function assignedCase(): Promise<{ id: string; officerId: string }> {
  const id = await examinedCase();
  return { id, officerId: await investigate(id, 2) };
}

const ITEM_FIELDS =
  'id kind description collectedAt collectedBy labStatus sealNumber collectorName sealBroken custody { at fromHolder toHolder sealIntact }';

const COLLECT = /* GraphQL */ `
  mutation Collect($input: CollectEvidenceInput!) {
    collectEvidence(input: $input) {
      evidenceItem { ${ITEM_FIELDS} }
      case { id version }
      userErrors { field code message }
    }
  }
`;

let seals = 0;
const collection = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  kind: 'DNA_SWAB',
  description: '  Swabs collected during the medico-legal examination, sealed  ',
  collectedAt: hoursAgo(27.5),
  sealNumber: `SEAL-${process.pid}-${(seals += 1)}`,
  collectorName: 'Medico-legal officer  Dr. Synthetic',
  ...overrides,
});

const collect = (input: Record<string, unknown>, token: Token = arcc(), url = stack.gatewayUrl) => mutate(COLLECT, input, token, url);

const TRANSFER = /* GraphQL */ `
  mutation Transfer($input: TransferEvidenceCustodyInput!) {
    transferEvidenceCustody(input: $input) {
      evidenceItem { ${ITEM_FIELDS} }
      case { id version }
      userErrors { field code message }
    }
  }
`;

const COLLECTOR = 'Medico-legal officer Dr. Synthetic';
const MALKHANA = 'Evidence room (malkhana), SSOIU Peshawar';
const LAB = 'Forensic Science Laboratory, Peshawar';

const handOver = (evidenceItemId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  evidenceItemId,
  expectedVersion,
  fromHolder: COLLECTOR,
  toHolder: MALKHANA,
  at: hoursAgo(20),
  sealIntact: true,
  ...overrides,
});

const transfer = (input: Record<string, unknown>, token: Token = arcc(), url = stack.gatewayUrl) => mutate(TRANSFER, input, token, url);

const REPORT = /* GraphQL */ `
  mutation Report($input: RecordForensicReportInput!) {
    recordForensicReport(input: $input) {
      case { id version medicoLegalExam { forensicReportAt forensicLaboratory forensicReportNumber dnaResult forensicFindings } }
      userErrors { field code message }
    }
  }
`;

const report = (caseId: string, expectedVersion: number, overrides: Record<string, unknown> = {}) => ({
  caseId,
  expectedVersion,
  reportedAt: hoursAgo(2),
  laboratory: ' Forensic Science Laboratory, Peshawar ',
  reportNumber: 'FSL-PEW-2026-0417',
  dnaResult: 'MATCHES_SUSPECT',
  findings: 'Synthetic findings: a male DNA profile was obtained from the swabs.',
  ...overrides,
});

const recordReport = (input: Record<string, unknown>, token: Token = arcc(), url = stack.gatewayUrl) => mutate(REPORT, input, token, url);

/** A case with an item the cell collected (and so holds): the case at version 3 (reported, examined, collected). */
async function caseWithItem(): Promise<{ caseId: string; itemId: string }> {
  const caseId = await examinedCase();
  const payload = await done(COLLECT, 'collectEvidence', collection(caseId, 2), arcc());
  return { caseId, itemId: payload.evidenceItem.id };
}

/** The case as its cell reads it: version, evidence with chains, the examination. */
async function caseAsCell(id: string, cellId = CELL.id) {
  const response = await graphql(
    stack.gatewayUrl,
    `query { case(id: ${JSON.stringify(id)}) { version evidence { ${ITEM_FIELDS} } medicoLegalExam { forensicReportAt dnaResult } } }`,
    { token: await arcc(cellId) },
  );
  expect(response.errors).toBeUndefined();
  return response.data.case as {
    version: number;
    evidence: { id: string; sealBroken: boolean; custody: { toHolder: string }[] }[];
    medicoLegalExam: { forensicReportAt: string | null; dnaResult: string | null } | null;
  };
}

/** The trail entries of one mutation field naming a row, oldest first. */
async function trail(field: string, rowId: string) {
  const response = await graphql(
    stack.gatewayUrl,
    'query Trail($filter: AuditEntryFilter) { caseAuditTrail(filter: $filter, first: 100) { edges { node { subject agency rowIds outcome } } } }',
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

const errorsOf = (payload: { userErrors: { field: string[] | null; code: string }[] }) =>
  payload.userErrors.map((e) => [e.field?.join('.') ?? null, e.code]);

/** The same statements for ten calls made by `call(i, requestId)`: what the cases subgraph issued for each, reported under `what`. */
async function expectConstantStatements(what: string, call: (i: number, requestId: string) => Promise<void>): Promise<void> {
  const counts: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, (requestId) => call(i, requestId));
    counts.push(perSubgraph.cases!);
  }
  console.info(`evidence writes: ${what} costs the cases subgraph ${counts[0]} SQL statements (each of 10 calls)`);
  expect(new Set(counts).size).toBe(1);
}

describe('collectEvidence', () => {
  it("records the cell's item of its case: the collector its first holder, the case's version up, the entry naming both", async () => {
    const caseId = await examinedCase();
    const input = collection(caseId, 2);
    const response = await collect(input);
    expect(response.errors).toBeUndefined();
    const { evidenceItem, ...rest } = response.data.collectEvidence;
    expect(rest).toEqual({ case: { id: caseId, version: 3 }, userErrors: [] });
    expect(evidenceItem).toEqual({
      id: expect.any(String),
      kind: 'DNA_SWAB',
      description: 'Swabs collected during the medico-legal examination, sealed',
      collectedAt: iso(input.collectedAt),
      collectedBy: 'ARCC',
      labStatus: 'NOT_SENT',
      sealNumber: input.sealNumber,
      collectorName: COLLECTOR,
      sealBroken: false,
      custody: [{ at: iso(input.collectedAt), fromHolder: 'Collected', toHolder: COLLECTOR, sealIntact: true }],
    });
    const stored = await caseAsCell(caseId);
    expect(stored.version).toBe(3);
    expect(stored.evidence).toEqual([evidenceItem]);
    expect(await trail('Mutation.collectEvidence', caseId)).toEqual([
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [caseId, evidenceItem.id], outcome: 'DONE' },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it("records the assigned officer's item (collected by the SSOIU); an officer not assigned and another cell answer as a missing case", async () => {
    const target = await assignedCase();
    const input = collection(target.id, 4, { kind: 'CCTV_FOOTAGE', collectorName: 'Inspector Synthetic Officer' });
    const hidden = [
      await collect(input, officer(randomUUID())),
      await collect(input, unitHead()),
      await collect(input, arcc(OTHER_CELL.id)),
    ];
    const missing = await collect({ ...input, caseId: randomUUID() }, officer(target.officerId));
    expect(missing.data.collectEvidence).toEqual({
      evidenceItem: null,
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' }],
    });
    for (const answer of hidden) expect(answer.data).toEqual(missing.data);
    expect(await caseAsCell(target.id)).toMatchObject({ version: 4, evidence: [] });

    const payload = (await collect(input, officer(target.officerId))).data.collectEvidence;
    expect(payload.userErrors).toEqual([]);
    expect(payload.case.version).toBe(5);
    expect(payload.evidenceItem).toMatchObject({
      collectedBy: 'SSOIU',
      custody: [{ fromHolder: 'Collected', toHolder: 'Inspector Synthetic Officer', sealIntact: true }],
    });
    expect(await outcomes('Mutation.collectEvidence', target.id)).toEqual(['REFUSED', 'REFUSED', 'REFUSED', 'DONE']);
  });

  it('rejects invalid input naming each field, a collection before the report, a seal number the case has, a stale version and a decided case', async () => {
    const caseId = await examinedCase();
    const invalid = await collect(
      collection(caseId, 0, {
        description: ' ',
        collectedAt: new Date(Date.now() + 3_600_000).toISOString(),
        sealNumber: 'x'.repeat(65),
        collectorName: '',
      }),
    );
    expect(invalid.data.collectEvidence.evidenceItem).toBeNull();
    expect(errorsOf(invalid.data.collectEvidence)).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.description', 'INVALID_INPUT'],
      ['input.collectedAt', 'INVALID_INPUT'],
      ['input.sealNumber', 'INVALID_INPUT'],
      ['input.collectorName', 'INVALID_INPUT'],
    ]);
    const beforeReport = await collect(collection(caseId, 2, { collectedAt: hoursAgo(31) }));
    expect(beforeReport.data.collectEvidence.userErrors).toEqual([
      { field: ['input', 'collectedAt'], code: 'INVALID_INPUT', message: 'Evidence cannot be collected before the report.' },
    ]);
    const first = collection(caseId, 2);
    expect((await collect(first)).data.collectEvidence.userErrors).toEqual([]);
    const stale = await collect(collection(caseId, 2));
    expect(stale.data.collectEvidence.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 3') },
    ]);
    const sameSeal = await collect(collection(caseId, 3, { sealNumber: ` ${first.sealNumber} ` }));
    expect(sameSeal.data.collectEvidence.userErrors).toEqual([
      { field: ['input', 'sealNumber'], code: 'CONFLICT', message: 'Another item of the case has this seal number.' },
    ]);
    expect(await caseAsCell(caseId)).toMatchObject({ version: 3, evidence: [expect.anything()] });
    expect(await outcomes('Mutation.collectEvidence', caseId)).toEqual(['INVALID', 'INVALID', 'DONE', 'REFUSED', 'REFUSED']);

    const decided = seededCases().find((c) => c.status === 'DECIDED' && c.crisisCellId)!;
    const closed = await collect(collection(decided.id, 1, { collectedAt: hoursAgo(1) }), arcc(decided.crisisCellId!));
    expect(closed.data.collectEvidence.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A case in status DECIDED does not allow collecting evidence.' },
    ]);
  });

  it('costs the same SQL statements for the 1st and the 10th item of a case', async () => {
    const caseId = await examinedCase();
    await expectConstantStatements('collectEvidence', async (i, requestId) => {
      const response = await graphql(stack.gatewayUrl, COLLECT, {
        token: await arcc(),
        variables: { input: collection(caseId, 2 + i) },
        requestId,
      });
      expect(response.data.collectEvidence.userErrors).toEqual([]);
    });
  });
});

describe('transferEvidenceCustody', () => {
  it('continues the chain from its holder: the cell hands its item on, then no longer touches it; the officer goes on, a broken seal flags the item', async () => {
    const { caseId, itemId } = await caseWithItem();
    // The case under investigation with its officer, as the police take the item on.
    const target = { officerId: await investigate(caseId, 3) };

    const toMalkhana = handOver(itemId, 5, { toHolder: ` ${MALKHANA} ` });
    const first = await transfer(toMalkhana);
    expect(first.errors).toBeUndefined();
    expect(first.data.transferEvidenceCustody.userErrors).toEqual([]);
    expect(first.data.transferEvidenceCustody.case).toEqual({ id: caseId, version: 6 });
    expect(first.data.transferEvidenceCustody.evidenceItem.custody).toEqual([
      expect.objectContaining({ fromHolder: 'Collected', toHolder: COLLECTOR }),
      { at: iso(toMalkhana.at), fromHolder: COLLECTOR, toHolder: MALKHANA, sealIntact: true },
    ]);

    // The cell has handed it on: for the cell the item is now as one that does not exist, even naming its holder.
    const afterHandOver = await transfer(handOver(itemId, 6, { fromHolder: MALKHANA, toHolder: LAB, at: hoursAgo(10) }));
    const missing = await transfer(handOver(randomUUID(), 6, { fromHolder: MALKHANA, toHolder: LAB, at: hoursAgo(10) }));
    expect(missing.data.transferEvidenceCustody).toEqual({
      evidenceItem: null,
      case: null,
      userErrors: [{ field: ['input', 'evidenceItemId'], code: 'NOT_FOUND', message: 'No evidence item with this id.' }],
    });
    expect(afterHandOver.data).toEqual(missing.data);
    // Another cell never touched it; an officer of the province not assigned to the case neither.
    expect((await transfer(handOver(itemId, 6, { fromHolder: MALKHANA, toHolder: LAB }), arcc(OTHER_CELL.id))).data).toEqual(missing.data);
    expect((await transfer(handOver(itemId, 6, { fromHolder: MALKHANA, toHolder: LAB }), officer(randomUUID()))).data).toEqual(
      missing.data,
    );

    // The case's officer takes it to the laboratory; the laboratory finds the seal broken.
    const toLab = await transfer(
      handOver(itemId, 6, { fromHolder: MALKHANA, toHolder: LAB, at: hoursAgo(10), sealIntact: false }),
      officer(target.officerId),
    );
    expect(toLab.data.transferEvidenceCustody.userErrors).toEqual([]);
    expect(toLab.data.transferEvidenceCustody.evidenceItem).toMatchObject({ sealBroken: true });
    expect(toLab.data.transferEvidenceCustody.evidenceItem.custody.at(-1)).toEqual({
      at: expect.any(String),
      fromHolder: MALKHANA,
      toHolder: LAB,
      sealIntact: false,
    });
    // Flagged for good: a later intact hand-over does not clear it.
    const back = await transfer(handOver(itemId, 7, { fromHolder: LAB, toHolder: MALKHANA, at: hoursAgo(1) }), officer(target.officerId));
    expect(back.data.transferEvidenceCustody.evidenceItem).toMatchObject({ sealBroken: true });
    const stored = await caseAsCell(caseId);
    expect(stored.version).toBe(8);
    expect(stored.evidence[0]!.custody.map((link) => link.toHolder)).toEqual([COLLECTOR, MALKHANA, LAB, MALKHANA]);
    expect(await trail('Mutation.transferEvidenceCustody', itemId)).toEqual([
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [caseId, itemId], outcome: 'DONE' },
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [itemId], outcome: 'REFUSED' },
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [itemId], outcome: 'REFUSED' },
      expect.objectContaining({ agency: 'SSOIU', rowIds: [itemId], outcome: 'REFUSED' }),
      { subject: target.officerId, agency: 'SSOIU', rowIds: [caseId, itemId], outcome: 'DONE' },
      { subject: target.officerId, agency: 'SSOIU', rowIds: [caseId, itemId], outcome: 'DONE' },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('keeps the item with the cell for a hand-over within it (toOwnCell), which only the cell may ask', async () => {
    const { caseId, itemId } = await caseWithItem();
    const within = await transfer(handOver(itemId, 3, { toHolder: 'Evidence store, Peshawar crisis cell', toOwnCell: true }));
    expect(within.data.transferEvidenceCustody.userErrors).toEqual([]);
    const onward = await transfer(handOver(itemId, 4, { fromHolder: 'Evidence store, Peshawar crisis cell', at: hoursAgo(10) }));
    expect(onward.data.transferEvidenceCustody.userErrors).toEqual([]);
    expect(onward.data.transferEvidenceCustody.evidenceItem.custody.map((link: { toHolder: string }) => link.toHolder)).toEqual([
      COLLECTOR,
      'Evidence store, Peshawar crisis cell',
      MALKHANA,
    ]);
    expect((await caseAsCell(caseId)).version).toBe(5);
  });

  it('refuses a sender who does not hold the item (CONFLICT naming the holder), time going back, a stale version and bad input, changing nothing', async () => {
    const { caseId, itemId } = await caseWithItem();
    const notHolder = await transfer(handOver(itemId, 3, { fromHolder: MALKHANA, toHolder: LAB }));
    expect(notHolder.data.transferEvidenceCustody).toEqual({
      evidenceItem: null,
      case: null,
      userErrors: [{ field: ['input', 'fromHolder'], code: 'CONFLICT', message: expect.stringContaining(`held by "${COLLECTOR}"`) }],
    });
    const beforeLast = await transfer(handOver(itemId, 3, { at: hoursAgo(28) }));
    expect(beforeLast.data.transferEvidenceCustody.userErrors).toEqual([
      { field: ['input', 'at'], code: 'INVALID_INPUT', message: expect.stringContaining('cannot come before the last one') },
    ]);
    const stale = await transfer(handOver(itemId, 2));
    expect(stale.data.transferEvidenceCustody.userErrors).toEqual([
      { field: ['input', 'expectedVersion'], code: 'STALE_VERSION', message: expect.stringContaining('version 3') },
    ]);
    const invalid = await transfer(
      handOver(itemId, 0, { fromHolder: ' ', toHolder: 'y'.repeat(129), at: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(errorsOf(invalid.data.transferEvidenceCustody)).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.fromHolder', 'INVALID_INPUT'],
      ['input.toHolder', 'INVALID_INPUT'],
      ['input.at', 'INVALID_INPUT'],
    ]);
    const toItself = await transfer(handOver(itemId, 3, { toHolder: ` ${COLLECTOR} ` }));
    expect(errorsOf(toItself.data.transferEvidenceCustody)).toEqual([['input.toHolder', 'INVALID_INPUT']]);
    const stored = await caseAsCell(caseId);
    expect(stored.version).toBe(3);
    expect(stored.evidence[0]!.custody).toHaveLength(1);
    expect(await outcomes('Mutation.transferEvidenceCustody', itemId)).toEqual(['REFUSED', 'INVALID', 'REFUSED', 'INVALID', 'INVALID']);
  });

  it("continues a seeded chain for the case's officer, from its last holder; the cell holds no seeded item; seeded broken seals are flagged", async () => {
    const seeded = seededCases().find(
      (c) => c.status === 'UNDER_INVESTIGATION' && c.investigation && c.crisisCellId && c.evidence.length > 0,
    )!;
    const item = seeded.evidence[0]!;
    const holder = item.custody.at(-1)!;
    const input = handOver(item.id, 1, { fromHolder: holder.toHolder, toHolder: 'Special court property room', at: hoursAgo(1) });
    const cell = await transfer(input, arcc(seeded.crisisCellId!));
    expect(cell.data.transferEvidenceCustody.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
    const token = officer(seeded.investigation!.investigatingOfficerId, seeded.province);
    const notSsoiuIn = await transfer({ ...input, fromHolder: 'Someone else' }, token);
    expect(errorsOf(notSsoiuIn.data.transferEvidenceCustody)).toEqual([['input.fromHolder', 'CONFLICT']]);
    const within = await transfer({ ...input, toOwnCell: true }, token);
    expect(within.data.transferEvidenceCustody.userErrors).toEqual([
      { field: ['input', 'toOwnCell'], code: 'INVALID_INPUT', message: "Only a crisis cell's staff hand an item on within their cell." },
    ]);
    const moved = await transfer(input, token);
    expect(moved.data.transferEvidenceCustody.userErrors).toEqual([]);
    expect(moved.data.transferEvidenceCustody.evidenceItem.custody).toHaveLength(item.custody.length + 1);
    expect(moved.data.transferEvidenceCustody.evidenceItem.sealBroken).toBe(item.custody.some((link) => !link.sealIntact));

    // The seed flags what its chains record: every seeded item with a broken seal reads sealBroken.
    const broken = seededCases().find((c) => c.crisisCellId && c.evidence.some((e) => e.custody.some((link) => !link.sealIntact)))!;
    const read = await caseAsCell(broken.id, broken.crisisCellId!);
    expect(read.evidence.map((e) => [e.id, e.sealBroken]).sort()).toEqual(
      broken.evidence.map((e) => [e.id, e.custody.some((link) => !link.sealIntact)]).sort(),
    );
  });

  it('costs the same SQL statements for the 1st and the 10th link of a chain', async () => {
    const { itemId } = await caseWithItem();
    const holders = Array.from({ length: 11 }, (_, i) => (i === 0 ? COLLECTOR : `Holder ${i} within the cell`));
    await expectConstantStatements('transferEvidenceCustody', async (i, requestId) => {
      const response = await graphql(stack.gatewayUrl, TRANSFER, {
        token: await arcc(),
        variables: {
          input: handOver(itemId, 3 + i, { fromHolder: holders[i], toHolder: holders[i + 1], at: hoursAgo(20 - i), toOwnCell: true }),
        },
        requestId,
      });
      expect(response.data.transferEvidenceCustody.userErrors).toEqual([]);
    });
  });
});

describe('recordForensicReport', () => {
  it("records the laboratory's report on the cell's examination once: the case's version up, a second report a CONFLICT", async () => {
    const caseId = await examinedCase();
    const input = report(caseId, 2);
    const response = await recordReport(input);
    expect(response.errors).toBeUndefined();
    expect(response.data.recordForensicReport).toEqual({
      case: {
        id: caseId,
        version: 3,
        medicoLegalExam: {
          forensicReportAt: iso(input.reportedAt),
          forensicLaboratory: 'Forensic Science Laboratory, Peshawar',
          forensicReportNumber: 'FSL-PEW-2026-0417',
          dnaResult: 'MATCHES_SUSPECT',
          forensicFindings: input.findings,
        },
      },
      userErrors: [],
    });
    const again = await recordReport(report(caseId, 3));
    expect(again.data.recordForensicReport).toEqual({
      case: null,
      userErrors: [{ field: ['input', 'caseId'], code: 'CONFLICT', message: 'The case has its forensic report already.' }],
    });
    expect(await trail('Mutation.recordForensicReport', caseId)).toEqual([
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [caseId], outcome: 'DONE' },
      { subject: 'evidence-arcc', agency: 'ARCC', rowIds: [caseId], outcome: 'REFUSED' },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('refuses a case without an examination, a DNA result of untaken samples, a report before the examination, a stale version, another cell and bad input', async () => {
    const unexamined = await reportedCase();
    expect((await recordReport(report(unexamined, 1))).data.recordForensicReport.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: expect.stringContaining('no medico-legal examination') },
    ]);
    const noSamples = await examinedCase(false);
    expect(errorsOf((await recordReport(report(noSamples, 2))).data.recordForensicReport)).toEqual([['input.dnaResult', 'INVALID_INPUT']]);
    expect(errorsOf((await recordReport(report(noSamples, 2, { reportedAt: hoursAgo(29) }))).data.recordForensicReport)).toEqual([
      ['input.reportedAt', 'INVALID_INPUT'],
      ['input.dnaResult', 'INVALID_INPUT'],
    ]);
    expect(errorsOf((await recordReport(report(noSamples, 1, { dnaResult: 'NOT_TESTED' }))).data.recordForensicReport)).toEqual([
      ['input.expectedVersion', 'STALE_VERSION'],
    ]);
    const invalid = await recordReport(
      report(noSamples, -1, {
        reportedAt: new Date(Date.now() + 60_000).toISOString(),
        laboratory: '',
        reportNumber: ' ',
        findings: 'f'.repeat(4_001),
      }),
    );
    expect(errorsOf(invalid.data.recordForensicReport)).toEqual([
      ['input.expectedVersion', 'INVALID_INPUT'],
      ['input.reportedAt', 'INVALID_INPUT'],
      ['input.laboratory', 'INVALID_INPUT'],
      ['input.reportNumber', 'INVALID_INPUT'],
      ['input.findings', 'INVALID_INPUT'],
    ]);
    const otherCell = await recordReport(report(noSamples, 2, { dnaResult: 'NOT_TESTED' }), arcc(OTHER_CELL.id));
    const missing = await recordReport(report(randomUUID(), 2, { dnaResult: 'NOT_TESTED' }));
    expect(otherCell.data).toEqual(missing.data);
    expect(missing.data.recordForensicReport.userErrors).toEqual([
      { field: ['input', 'caseId'], code: 'NOT_FOUND', message: 'No case with this id.' },
    ]);
    expect(await caseAsCell(noSamples)).toMatchObject({ version: 2, medicoLegalExam: { forensicReportAt: null, dnaResult: null } });
    expect(await outcomes('Mutation.recordForensicReport', noSamples)).toEqual(['INVALID', 'INVALID', 'REFUSED', 'INVALID', 'REFUSED']);
    // Done once the result fits the examination.
    expect(
      (await recordReport(report(noSamples, 2, { dnaResult: 'NOT_TESTED', reportNumber: null }))).data.recordForensicReport.userErrors,
    ).toEqual([]);

    const decided = seededCases().find((c) => c.status === 'DECIDED' && c.crisisCellId && c.medicoLegalExam)!;
    expect((await recordReport(report(decided.id, 1), arcc(decided.crisisCellId!))).data.recordForensicReport.userErrors).toEqual([
      { field: null, code: 'INVALID_TRANSITION', message: 'A case in status DECIDED does not allow recording a forensic report.' },
    ]);
  });

  it('costs the same SQL statements for every report', async () => {
    const cases: string[] = [];
    for (let i = 0; i < 10; i += 1) cases.push(await examinedCase());
    await expectConstantStatements('recordForensicReport', async (i, requestId) => {
      const response = await graphql(stack.gatewayUrl, REPORT, {
        token: await arcc(),
        variables: { input: report(cases[i]!, 2) },
        requestId,
      });
      expect(response.data.recordForensicReport.userErrors).toEqual([]);
    });
  });
});

describe('a retry under the same Idempotency-Key', () => {
  /** Each mutation's first call on a case of its own, and the same call with other input. */
  const retries: Record<
    string,
    () => Promise<{ query: string; input: Record<string, unknown>; other: Record<string, unknown>; caseId: string }>
  > = {
    collectEvidence: async () => {
      const caseId = await examinedCase();
      const input = collection(caseId, 2);
      return { query: COLLECT, input, other: { ...input, sealNumber: 'SEAL-OTHER' }, caseId };
    },
    transferEvidenceCustody: async () => {
      const { caseId, itemId } = await caseWithItem();
      const input = handOver(itemId, 3);
      return { query: TRANSFER, input, other: { ...input, toHolder: LAB }, caseId };
    },
    recordForensicReport: async () => {
      const caseId = await examinedCase();
      const input = report(caseId, 2);
      return { query: REPORT, input, other: { ...input, dnaResult: 'NO_PROFILE' }, caseId };
    },
  };

  for (const [name, prepare] of Object.entries(retries)) {
    it(`${name}: answered alike and done once; the key with other input is IDEMPOTENCY_KEY_REUSED`, async () => {
      const { query, input, other, caseId } = await prepare();
      const before = await caseAsCell(caseId);
      const headers = { [IDEMPOTENCY_KEY_HEADER]: `"${randomUUID()}"` };
      const send = async (body: Record<string, unknown>) =>
        graphql(stack.gatewayUrl, query, { token: await arcc(), variables: { input: body }, headers });
      const first = await send(input);
      expect(first.errors).toBeUndefined();
      expect(first.data[name].userErrors).toEqual([]);
      expect(await send(input)).toEqual(first);
      const reused = await send(other);
      expect(reused.data?.[name] ?? null).toBeNull();
      expect(reused.errors?.map((e) => e.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      // One change: the case one version on, one item or link more, one DONE on the trail.
      const after = await caseAsCell(caseId);
      expect(after.version).toBe(before.version + 1);
      expect(after.evidence.flatMap((item) => item.custody).length).toBe(
        before.evidence.flatMap((item) => item.custody).length + (name === 'recordForensicReport' ? 0 : 1),
      );
      expect(await outcomes(`Mutation.${name}`, caseId)).toEqual(['DONE']);
    });
  }
});

describe('who may call each evidence mutation, as DESIGN section 7 says (through the gateway and straight at the subgraph)', () => {
  /** One case per agency: examined, under investigation with its officer, an item the cell collected (and holds); version 5. */
  async function world() {
    const target = await assignedCase();
    const item = await done(COLLECT, 'collectEvidence', collection(target.id, 4), arcc());
    return { ...target, itemId: item.evidenceItem.id as string };
  }

  const tokenOf = (agency: Agency, officerId: string) => {
    if (agency === 'SSOIU') return officer(officerId);
    if (agency === 'ARCC') return arcc();
    const { identity } = callerFor(agency);
    return identity ? tokenFor(identity) : undefined;
  };

  const calls: Record<
    string,
    (token: string | undefined, url: string, w: Awaited<ReturnType<typeof world>>, version: number) => Promise<GraphQLResponse>
  > = {
    collectEvidence: (token, url, w, version) =>
      graphql(url, 'mutation ($input: CollectEvidenceInput!) { collectEvidence(input: $input) { case { version } userErrors { code } } }', {
        token,
        variables: { input: collection(w.id, version) },
      }),
    transferEvidenceCustody: (token, url, w, version) =>
      graphql(
        url,
        'mutation ($input: TransferEvidenceCustodyInput!) { transferEvidenceCustody(input: $input) { case { version } userErrors { code } } }',
        { token, variables: { input: handOver(w.itemId, version) } },
      ),
    recordForensicReport: (token, url, w, version) =>
      graphql(
        url,
        'mutation ($input: RecordForensicReportInput!) { recordForensicReport(input: $input) { case { version } userErrors { code } } }',
        {
          token,
          variables: { input: report(w.id, version) },
        },
      ),
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_EVIDENCE_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'cases'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls.cases;
        const w = await world();
        const token = await tokenOf(agency, w.officerId);
        let version = 5;
        for (const [name, call] of Object.entries(calls)) {
          const allowed = EXPECTED_EVIDENCE_MUTATIONS.get(name)![agency] !== '–';
          const response = await call(token, url, w, version);
          if (allowed) {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            version += 1;
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
          }
          // Written only when allowed: the case is at the version the calls so far make.
          expect((await caseAsCell(w.id)).version, `${agency} ${name}`).toBe(version);
        }
      });
    }
  }
});
