import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_WRITE_STATEMENTS } from '#audit';
import type { CaseFacts } from '#synthetic-world';
import { graphql } from '#test-kit';
import { copyOfWorld, startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { seededCases } from '#test-kit';
import { defaultSubgraphParts } from '#subgraph';

// Everything expected here comes from the synthetic world the subgraph was
// seeded from (scale 1), or from SQL written independently of the resolvers.

let subgraph: SubgraphUnderTest;
let world: CaseFacts[];

beforeAll(async () => {
  // Resolver logic against the world, every row and field: the access policy is off here and tested with it on in test/access-*.test.ts.
  // No relay: its poll of the outbox would land in the statements counted per request here (nothing is emitted anyway).
  subgraph = await startSubgraphForTest('cases', {
    env: { ...process.env, EVENTS_RELAY: 'off' },
    // Resolver logic alone, every row and field as PUBLIC (no token): neither the access policy nor the operation
    // limits, whose cost ceiling would refuse the largest pages asked here (test/operation-limits.test.ts tests them).
    parts: defaultSubgraphParts({ leaveOut: ['enforcement', 'operation-limits'] }),
  });
  world = seededCases();
});

afterAll(async () => {
  await subgraph?.stop();
});

const query = <T = any>(text: string, variables?: Record<string, unknown>) => graphql<T>(subgraph.url, text, { variables });

const sql = async <T>(text: string, params: unknown[] = []) =>
  (await subgraph.service.database.fork().getConnection().execute(text, params)) as T[];

const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);
const byInstantThenId =
  <T extends { id: string }>(instantOf: (item: T) => Date) =>
  (a: T, b: T) =>
    instantOf(a).getTime() - instantOf(b).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const CASE_FIELDS = `
  id reference reportedAt category offenceSections status province district
  crisisCell { id }
  survivor { pseudonym fullName cnic contactPhone ageAtIncident }
  medicoLegalExam { examinedAt hoursAfterReport examinerName dnaSamplesTaken forensicReportAt findingsSummary }
  evidence { id kind description collectedAt collectedBy labStatus custody { at fromHolder toHolder sealIntact } }
  counsellingSessions { id heldAt kind counsellorName durationMinutes }
  fir { number registeredAt policeStation district sections }
  investigation { unitId unitName investigatingOfficer openedAt status chargeSheetFiledAt }
  suspects { id name cnic status arrestedAt registerEntry { suspectCnic } }
`;

/** The case as the subgraph must answer it, built from the world's facts alone. */
function expectedCase(facts: CaseFacts) {
  const { survivor, medicoLegalExam: exam, fir, investigation } = facts;
  return {
    id: facts.id,
    reference: facts.reference,
    reportedAt: iso(facts.reportedAt),
    category: facts.category,
    offenceSections: facts.offenceSections,
    status: facts.status,
    province: facts.province,
    district: facts.district,
    crisisCell: facts.crisisCellId ? { id: facts.crisisCellId } : null,
    survivor: {
      pseudonym: survivor.pseudonym,
      fullName: survivor.fullName,
      cnic: survivor.cnic,
      contactPhone: survivor.contactPhone,
      ageAtIncident: survivor.ageAtIncident,
    },
    medicoLegalExam: exam && {
      examinedAt: iso(exam.examinedAt),
      hoursAfterReport: exam.hoursAfterReport,
      examinerName: exam.examinerName,
      dnaSamplesTaken: exam.dnaSamplesTaken,
      forensicReportAt: iso(exam.forensicReportAt),
      findingsSummary: exam.findingsSummary,
    },
    evidence: [...facts.evidence].sort(byInstantThenId((item) => item.collectedAt)).map((item) => ({
      id: item.id,
      kind: item.kind,
      description: item.description,
      collectedAt: iso(item.collectedAt),
      collectedBy: item.collectedBy,
      labStatus: item.labStatus,
      custody: item.custody.map((transfer) => ({ ...transfer, at: iso(transfer.at) })),
    })),
    counsellingSessions: [...facts.counsellingSessions].sort(byInstantThenId((session) => session.heldAt)).map((session) => ({
      ...session,
      heldAt: iso(session.heldAt),
    })),
    fir: fir && { ...fir, registeredAt: iso(fir.registeredAt) },
    investigation: investigation && {
      unitId: investigation.unitId,
      unitName: investigation.unitName,
      investigatingOfficer: investigation.investigatingOfficer,
      openedAt: iso(investigation.openedAt),
      status: investigation.status,
      chargeSheetFiledAt: iso(investigation.chargeSheetFiledAt),
    },
    suspects: [...facts.suspects]
      .sort((a, b) => a.position - b.position)
      .map((suspect) => ({
        id: suspect.id,
        name: suspect.name,
        cnic: suspect.cnic,
        status: suspect.status,
        arrestedAt: iso(suspect.arrestedAt),
        registerEntry: suspect.cnic ? { suspectCnic: suspect.cnic } : null,
      })),
  };
}

/** World order of a `cases` list: reportedAt or reference, then id, in the given direction. */
function worldOrder(cases: CaseFacts[], field: 'REPORTED_AT' | 'REFERENCE' = 'REPORTED_AT', direction: 'ASC' | 'DESC' = 'DESC') {
  const key = (facts: CaseFacts) => (field === 'REFERENCE' ? facts.reference : facts.reportedAt.toISOString());
  const sign = direction === 'ASC' ? 1 : -1;
  return [...cases].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  });
}

const CASES_PAGE = `
  query Cases($filter: CaseFilter, $orderBy: CaseOrder, $first: Int, $after: String) {
    cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

interface CasesPage {
  cases: {
    totalCount: number;
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

async function casesPage(variables: Record<string, unknown>) {
  const response = await query<CasesPage>(CASES_PAGE, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.cases;
}

/** Every id of a list, walking it page by page; checks the page info on the way. */
async function walk(variables: Record<string, unknown>, pageSize: number) {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: CasesPage['cases'] = await casesPage({ ...variables, first: pageSize, after });
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    expect(page.edges).toHaveLength(pageSize);
    after = page.pageInfo.endCursor;
  }
}

describe('lookups', () => {
  it('case(id) answers the case with everything attached, as the world made it', async () => {
    // A few cases that exercise every part: crisis-cell and police-station cases, with and
    // without exam, FIR, evidence, counselling and suspects (with and without a CNIC).
    const samples = [
      world.find(
        (f) =>
          f.crisisCellId &&
          f.medicoLegalExam &&
          f.evidence.length > 2 &&
          f.suspects.some((s) => s.cnic) &&
          f.counsellingSessions.length > 0,
      ),
      world.find((f) => !f.crisisCellId),
      world.find((f) => !f.fir && !f.medicoLegalExam),
      world.find((f) => f.suspects.some((s) => !s.cnic)),
      world.find((f) => f.evidence.some((e) => e.custody.length > 2)),
    ].filter((facts): facts is CaseFacts => facts !== undefined);
    expect(samples.length).toBeGreaterThanOrEqual(4);
    for (const facts of samples) {
      const response = await query(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: facts.id });
      expect(response.errors).toBeUndefined();
      expect(response.data.case).toEqual(expectedCase(facts));
    }
  });

  it('caseByReference and caseByFirNumber find the case by its natural keys', async () => {
    const facts = world.find((f) => f.fir)!;
    const response = await query(
      `query($reference: String!, $firNumber: String!) {
        byReference: caseByReference(reference: $reference) { id reference }
        byFir: caseByFirNumber(firNumber: $firNumber) { id fir { number } }
      }`,
      { reference: facts.reference, firNumber: facts.fir!.number },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      byReference: { id: facts.id, reference: facts.reference },
      byFir: { id: facts.id, fir: { number: facts.fir!.number } },
    });
  });

  it('unknown and malformed keys answer null, not an error', async () => {
    const response = await query(`{
      unknownId: case(id: "00000000-0000-5000-8000-000000000000") { id }
      malformedId: case(id: "not-a-uuid") { id }
      unknownReference: caseByReference(reference: "ARCC-XXX1-2020-999999") { id }
      unknownFir: caseByFirNumber(firNumber: "FIR-0000/1999-PS Nowhere") { id }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ unknownId: null, malformedId: null, unknownReference: null, unknownFir: null });
  });
});

describe('cases list', () => {
  it('defaults to 50 cases, newest first, and counts them all', async () => {
    const page = await casesPage({});
    expect(page.totalCount).toBe(world.length);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(
      worldOrder(world)
        .slice(0, 50)
        .map((f) => f.id),
    );
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.hasPreviousPage).toBe(false);
  });

  const someDistrict = () => world[0]!.district;
  const someCell = () => world.find((f) => f.crisisCellId)!.crisisCellId!;
  const filters: [string, () => Record<string, unknown>, (f: CaseFacts) => boolean][] = [
    ['province', () => ({ province: 'SINDH' }), (f) => f.province === 'SINDH'],
    ['district', () => ({ district: someDistrict() }), (f) => f.district === someDistrict()],
    ['crisisCellId', () => ({ crisisCellId: someCell() }), (f) => f.crisisCellId === someCell()],
    ['status', () => ({ status: ['ON_TRIAL', 'DECIDED'] }), (f) => f.status === 'ON_TRIAL' || f.status === 'DECIDED'],
    [
      'category',
      () => ({ category: ['CHILD_SEXUAL_ABUSE', 'GANG_RAPE'] }),
      (f) => f.category === 'CHILD_SEXUAL_ABUSE' || f.category === 'GANG_RAPE',
    ],
    ['reportedFrom', () => ({ reportedFrom: '2025-01-01T00:00:00.000Z' }), (f) => f.reportedAt >= new Date('2025-01-01T00:00:00.000Z')],
    ['reportedBefore', () => ({ reportedBefore: '2023-01-01T00:00:00.000Z' }), (f) => f.reportedAt < new Date('2023-01-01T00:00:00.000Z')],
    [
      'reportedFrom and reportedBefore',
      () => ({ reportedFrom: '2024-01-01T00:00:00.000Z', reportedBefore: '2024-07-01T00:00:00.000Z' }),
      (f) => f.reportedAt >= new Date('2024-01-01T00:00:00.000Z') && f.reportedAt < new Date('2024-07-01T00:00:00.000Z'),
    ],
    ['childSurvivor: true', () => ({ childSurvivor: true }), (f) => f.survivor.child],
    ['childSurvivor: false', () => ({ childSurvivor: false }), (f) => !f.survivor.child],
    ['hasFir: true', () => ({ hasFir: true }), (f) => f.fir !== null],
    ['hasFir: false', () => ({ hasFir: false }), (f) => f.fir === null],
    [
      'several at once',
      () => ({ province: 'PUNJAB', childSurvivor: true, hasFir: true, status: ['UNDER_INVESTIGATION', 'CLOSED_WITHOUT_TRIAL'] }),
      (f) =>
        f.province === 'PUNJAB' && f.survivor.child && f.fir !== null && ['UNDER_INVESTIGATION', 'CLOSED_WITHOUT_TRIAL'].includes(f.status),
    ],
  ];

  it.each(filters)('filters by %s', async (_, filter, matches) => {
    const expected = worldOrder(world.filter(matches));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(world.length);
    const page = await casesPage({ filter: filter(), first: 500 });
    expect(page.totalCount).toBe(expected.length);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 500).map((f) => f.id));
    expect(page.pageInfo.hasNextPage).toBe(expected.length > 500);
  });

  it('a crisisCellId that is not an id matches nothing', async () => {
    const page = await casesPage({ filter: { crisisCellId: 'LHR1' } });
    expect(page.totalCount).toBe(0);
    expect(page.edges).toEqual([]);
  });

  it.each([
    ['REPORTED_AT', 'ASC'],
    ['REPORTED_AT', 'DESC'],
    ['REFERENCE', 'ASC'],
    ['REFERENCE', 'DESC'],
  ] as const)('orders by %s %s', async (field, direction) => {
    const page = await casesPage({ orderBy: { field, direction }, first: 200 });
    expect(page.edges.map((edge) => edge.node.id)).toEqual(
      worldOrder(world, field, direction)
        .slice(0, 200)
        .map((f) => f.id),
    );
  });

  it('walks the whole list page by page, each page following the last with no overlap', async () => {
    const ids = await walk({}, 300);
    expect(ids).toEqual(worldOrder(world).map((f) => f.id));
    expect(new Set(ids).size).toBe(world.length);
  });

  it('walks a filtered list ordered by reference the same way', async () => {
    const filter = { province: 'PUNJAB', hasFir: true };
    const ids = await walk({ filter, orderBy: { field: 'REFERENCE', direction: 'ASC' } }, 97);
    const expected = worldOrder(
      world.filter((f) => f.province === 'PUNJAB' && f.fir !== null),
      'REFERENCE',
      'ASC',
    );
    expect(ids).toEqual(expected.map((f) => f.id));
  });

  it('the second page starts right after the first', async () => {
    const first = await casesPage({ first: 25 });
    const second = await casesPage({ first: 25, after: first.pageInfo.endCursor });
    const expected = worldOrder(world).map((f) => f.id);
    expect(first.edges.map((edge) => edge.node.id)).toEqual(expected.slice(0, 25));
    expect(second.edges.map((edge) => edge.node.id)).toEqual(expected.slice(25, 50));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('takes up to 500 cases a page and refuses more, or fewer than one', async () => {
    expect((await casesPage({ first: 500 })).edges).toHaveLength(500);
    for (const first of [501, 0, -1]) {
      const response = await query(CASES_PAGE, { first });
      // The list answers null (it is nullable, as a field that can be forbidden must be): nothing else.
      expect(response.data).toEqual({ cases: null });
      expect(response.errors).toEqual([
        expect.objectContaining({ message: '"first" must be between 1 and 500.', extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
    }
  });

  it('answers a malformed or foreign cursor with BAD_USER_INPUT and nothing else', async () => {
    const byReference = await casesPage({ orderBy: { field: 'REFERENCE', direction: 'ASC' }, first: 1 });
    const cursors = [
      'not a cursor',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', '00000000-0000-5000-8000-000000000000'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2025-01-01T00:00:00.000Z', "1'; drop table cases.case; --"])).toString('base64url'),
      // a cursor of the list ordered by reference, handed to the list ordered by date
      byReference.pageInfo.endCursor,
    ];
    for (const after of cursors) {
      const response = await query(CASES_PAGE, { after });
      // The list answers null (it is nullable, as a field that can be forbidden must be): nothing else.
      expect(response.data).toEqual({ cases: null });
      expect(response.errors).toHaveLength(1);
      const [error] = response.errors!;
      expect(error!.message).toBe('"after" is not a cursor returned by this list.');
      expect(error!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(Object.keys(error!).sort()).toEqual(['extensions', 'locations', 'message', 'path']);
    }
  });
});

describe('federation', () => {
  it('_entities resolves Case by id, null for an unknown or malformed id', async () => {
    const [a, b] = [world[7]!, world[1234]!];
    const response = await query(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Case { id reference province survivor { pseudonym } } }
      }`,
      {
        representations: [
          { __typename: 'Case', id: a.id },
          { __typename: 'Case', id: '00000000-0000-5000-8000-000000000000' },
          { __typename: 'Case', id: b.id },
          { __typename: 'Case', id: 'nope' },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual([
      { id: a.id, reference: a.reference, province: a.province, survivor: { pseudonym: a.survivor.pseudonym } },
      null,
      { id: b.id, reference: b.reference, province: b.province, survivor: { pseudonym: b.survivor.pseudonym } },
      null,
    ]);
  });

  it('crisisCell and registerEntry are references the owning subgraphs resolve', async () => {
    const facts =
      world.find((f) => f.crisisCellId && f.suspects.some((s) => s.cnic) && f.suspects.length > 1) ??
      world.find((f) => f.suspects.some((s) => s.cnic))!;
    const response = await query(
      `query($id: ID!) { case(id: $id) { crisisCell { __typename id } suspects { registerEntry { __typename suspectCnic } } } }`,
      { id: facts.id },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.case).toEqual({
      crisisCell: facts.crisisCellId ? { __typename: 'CrisisCell', id: facts.crisisCellId } : null,
      suspects: [...facts.suspects]
        .sort((x, y) => x.position - y.position)
        .map((s) => ({ registerEntry: s.cnic ? { __typename: 'Offender', suspectCnic: s.cnic } : null })),
    });
  });
});

describe('SQL per request', () => {
  const listWithEverything = `query($first: Int) { cases(first: $first) { edges { node { ${CASE_FIELDS} } } } }`;

  async function statementsFor(first: number) {
    const before = subgraph.service.database.statementCount();
    const response = await query(listWithEverything, { first });
    expect(response.errors).toBeUndefined();
    expect(response.data.cases.edges).toHaveLength(first);
    return subgraph.service.database.statementCount() - before;
  }

  it('a list of 200 cases with all their records costs the same statements as a list of 10', async () => {
    const ten = await statementsFor(10);
    const twoHundred = await statementsFor(200);
    expect(twoHundred).toBe(ten);
    // The page, then one statement per hop: survivor, exam, evidence, counselling, FIR, investigation,
    // suspects, and custody when any of the ten has evidence; and, since the survivors' identity is
    // read, the one audit write that records it (one batch per request, whatever its size).
    const custodyHop = worldOrder(world)
      .slice(0, 10)
      .some((f) => f.evidence.length > 0)
      ? 1
      : 0;
    expect(ten).toBe(8 + custodyHop + AUDIT_WRITE_STATEMENTS);
  });

  it('answers every case of a page of 200 exactly as the world made it', async () => {
    const response = await query(listWithEverything, { first: 200 });
    expect(response.errors).toBeUndefined();
    const nodes = response.data.cases.edges.map((edge: { node: { id: string } }) => edge.node);
    expect(nodes).toEqual(worldOrder(world).slice(0, 200).map(expectedCase));
  });

  it('_entities for many cases batches into one statement', async () => {
    const representations = world.slice(0, 100).map((f) => ({ __typename: 'Case', id: f.id }));
    const before = subgraph.service.database.statementCount();
    const response = await query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id } } }`, { r: representations });
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toHaveLength(100);
    expect(subgraph.service.database.statementCount() - before).toBe(1);
  });
});

describe('seeded data', () => {
  it('every table holds what the world generated', async () => {
    const expected = {
      case: world.length,
      survivor: world.length,
      medico_legal_exam: world.filter((f) => f.medicoLegalExam).length,
      fir: world.filter((f) => f.fir).length,
      investigation: world.filter((f) => f.investigation).length,
      evidence_item: world.reduce((n, f) => n + f.evidence.length, 0),
      custody_transfer: world.reduce((n, f) => n + f.evidence.reduce((m, e) => m + e.custody.length, 0), 0),
      counselling_session: world.reduce((n, f) => n + f.counsellingSessions.length, 0),
      suspect: world.reduce((n, f) => n + f.suspects.length, 0),
    };
    for (const [table, count] of Object.entries(expected)) {
      const [row] = await sql<{ count: string | number }>(`select count(*) as count from cases.${table}`);
      expect([table, Number(row!.count)]).toEqual([table, count]);
    }
    const [flags] = await sql<{ children: string | number; firs: string | number }>(
      'select count(*) filter (where child_survivor) as children, count(*) filter (where has_fir) as firs from cases.case',
    );
    expect(Number(flags!.children)).toBe(world.filter((f) => f.survivor.child).length);
    expect(Number(flags!.firs)).toBe(world.filter((f) => f.fir).length);
  });

  it("derives what the world implies but does not draw: a charge sheet's sections, a counselling session's notes", async () => {
    const charged = world.find((f) => f.investigation?.chargeSheetFiledAt && f.counsellingSessions.length > 0)!;
    const investigated = world.find((f) => f.investigation && !f.investigation.chargeSheetFiledAt)!;
    const read = async (facts: CaseFacts) => {
      const response = await query(
        'query($id: ID!) { case(id: $id) { investigation { chargeSheetSections } counsellingSessions { kind notes } } }',
        { id: facts.id },
      );
      expect(response.errors).toBeUndefined();
      return response.data.case;
    };
    const chargedCase = await read(charged);
    expect(chargedCase.investigation.chargeSheetSections).toEqual(charged.offenceSections);
    expect(chargedCase.counsellingSessions.length).toBe(charged.counsellingSessions.length);
    for (const session of chargedCase.counsellingSessions) expect(session.notes).toMatch(/^Synthetic note: /);
    expect((await read(investigated)).investigation.chargeSheetSections).toBeNull();
    // Every row: sections exactly when a charge sheet was filed, notes for every session.
    const [counts] = await sql<{ mismatched: string | number; without_notes: string | number }>(
      `select (select count(*) from cases.investigation where (charge_sheet_filed_at is null) <> (charge_sheet_sections is null)) as mismatched,
              (select count(*) from cases.counselling_session where notes is null) as without_notes`,
    );
    expect([Number(counts!.mismatched), Number(counts!.without_notes)]).toEqual([0, 0]);
  });

  it('records who is assigned to each case: officer, prosecutor, court and support adviser', async () => {
    const expected = world.flatMap((f) => [
      ...(f.investigation ? [`${f.id} SSOIU ${f.investigation.investigatingOfficerId}`] : []),
      ...(f.trial ? [`${f.id} PROSECUTION ${f.trial.prosecutorId}`, `${f.id} COURT ${f.trial.courtId}`] : []),
      ...(f.supportAdviserId ? [`${f.id} SUPPORT_ADVISER ${f.supportAdviserId}`] : []),
    ]);
    const rows = await sql<{ case_id: string; agency: string; assignee_id: string }>(
      'select case_id, agency, assignee_id from cases.case_assignment',
    );
    expect(rows.map((r) => `${r.case_id} ${r.agency} ${r.assignee_id}`).sort()).toEqual(expected.sort());
    expect(new Set(rows.map((r) => r.agency))).toEqual(new Set(['SSOIU', 'PROSECUTION', 'COURT', 'SUPPORT_ADVISER']));
  });

  it('leaves the keys, indexes and foreign keys exactly as the migrations made them', async () => {
    const { openSubgraphDatabase } = await import('#storage');
    const { casesSubgraph } = await import('../src/server.ts');
    const migratedOnly = await copyOfWorld('cases_migrated', 'migrated');
    const fresh = await openSubgraphDatabase(casesSubgraph.database, migratedOnly.storageOf('cases'));
    try {
      await fresh.migrate();
      const definitions = async (em: ReturnType<typeof fresh.fork>) => ({
        indexes: await em
          .getConnection()
          .execute(`select indexname, indexdef from pg_indexes where schemaname = 'cases' order by indexname`),
        constraints: await em
          .getConnection()
          .execute(
            `select conname, pg_get_constraintdef(c.oid) as def from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'cases' order by conname`,
          ),
      });
      const migrated = await definitions(fresh.fork());
      const seeded = await definitions(subgraph.service.database.fork());
      expect(seeded).toEqual(migrated);
      expect(migrated.indexes.length).toBeGreaterThan(10);
    } finally {
      await fresh.close();
      await migratedOnly.drop();
    }
  });
});
