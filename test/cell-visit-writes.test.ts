import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_HEADER } from '#identity';
import { AGENCIES, type Agency, CELL_SERVICES } from '#reference-data';
import { CRISIS_CELLS_BY_CODE } from '#synthetic-world';
import { callerFor, graphql, type GraphQLResponse, type RunningStack, sqlStatementsDuring, startStack, tokenFor } from '#test-kit';
import { EXPECTED_CELL_MUTATIONS } from './fixtures/expected-access.ts';
import { expectRefusedByAgency, matrixToken } from './fixtures/mutation-matrix.ts';

/**
 * The crisis cell's own record of a visit (recordCellVisit, DESIGN section 7)
 * end to end, through the gateway over HTTP, on a stack of its own (its
 * writes would change the figures the shared stack's tests count): done at
 * the caller's own cell and counted in the committee's figures; refused by
 * agency (through the gateway and straight at the crisis-cells subgraph) and
 * by row (a token whose cell the directory does not have); invalid input; a
 * safe retry; each on the crisis-cells subgraph's audit trail; a constant
 * number of SQL statements. A visit is recorded once and never changed: it
 * has no version and no status, so there is no stale version or illegal
 * transition to test.
 */

const CELL = CRISIS_CELLS_BY_CODE.get('PEW1')!;
/** Offers neither legal aid nor child protection (nor a shelter referral). */
const SMALL_CELL = CRISIS_CELLS_BY_CODE.get('SUK1')!;
const arcc = (cell: { id: string; code: string } = CELL, sub = `visits-arcc-${cell.code}`) =>
  tokenFor({ agency: 'ARCC', sub, cellId: cell.id });
const auditor = () => tokenFor({ agency: 'AUDITOR', sub: 'visits-auditor' });

let stack: RunningStack;

// A stack of its own, on a copy of the seeded world; the committee's figures computed afresh for every request, so a visit shows at once.
beforeAll(async () => {
  stack = await startStack({ world: 'seeded', env: { LOG_LEVEL: 'error', METRICS_CACHE_SECONDS: '0' } });
});

afterAll(async () => {
  await stack?.stop();
});

const RECORD_VISIT = /* GraphQL */ `
  mutation RecordCellVisit($input: RecordCellVisitInput!) {
    recordCellVisit(input: $input) {
      visit { id cell { id name capacity } arrivedAt childSurvivor services }
      userErrors { field code message }
    }
  }
`;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

const visit = (overrides: Record<string, unknown> = {}) => ({
  arrivedAt: hoursAgo(2),
  childSurvivor: false,
  services: ['MEDICAL_TREATMENT', 'MEDICO_LEGAL_EXAMINATION', 'PSYCHOLOGICAL_COUNSELLING'],
  ...overrides,
});

async function recordVisit(
  input: Record<string, unknown>,
  token: string | Promise<string> = arcc(),
  options: { url?: string; requestId?: string; key?: string } = {},
) {
  return graphql(options.url ?? stack.gatewayUrl, RECORD_VISIT, {
    token: await token,
    variables: { input },
    requestId: options.requestId,
    headers: options.key ? { [IDEMPOTENCY_KEY_HEADER]: `"${options.key}"` } : {},
  });
}

/** Visits stored at a cell (or at every cell), read from the crisis-cells subgraph's database. */
async function visitsStored(cellId?: string): Promise<number> {
  const database = stack.subgraphs['crisis-cells'].database;
  const sql = `select count(*) as n from "${database.schema}"."cell_visit"${cellId ? ' where "cell_id" = ?' : ''}`;
  const rows = (await database
    .fork()
    .getConnection()
    .execute(sql, cellId ? [cellId] : [], 'all')) as { n: unknown }[];
  return Number(rows[0]!.n);
}

interface TrailEntry {
  subject: string;
  agency: Agency;
  field: string;
  rowIds: string[];
  outcome: string;
}

/** The crisis-cells trail's entries of recordCellVisit (naming a row, when given), newest first. */
async function trail(rowId?: string): Promise<TrailEntry[]> {
  const response = await graphql(
    stack.gatewayUrl,
    /* GraphQL */ `
    query Trail($filter: AuditEntryFilter) { crisisCellsAuditTrail(filter: $filter, first: 1000) { edges { node { subject agency field rowIds outcome } } } }
  `,
    { token: await auditor(), variables: { filter: { field: 'Mutation.recordCellVisit', ...(rowId ? { rowId } : {}) } } },
  );
  expect(response.errors).toBeUndefined();
  return response.data.crisisCellsAuditTrail.edges.map(({ node }: { node: TrailEntry }) => node);
}

const entriesOf = async (subject: string) => (await trail()).filter((entry) => entry.subject === subject);

async function chainOk() {
  const response = await graphql(stack.gatewayUrl, 'query { verifyCrisisCellsAuditChain { ok } }', { token: await auditor() });
  return response.data.verifyCrisisCellsAuditChain.ok as boolean;
}

describe('recordCellVisit', () => {
  it("counts in the committee's figures: a visit, a child survivor, and each service given", async () => {
    // A year of the seeded world that is over, so the figure for all Pakistan is large and published whatever day the test runs.
    const DASHBOARD = /* GraphQL */ `
      query { committeeDashboard(period: "2026") { crisisCells {
        visits { value suppressed } childSurvivors { part { value suppressed } }
        services { service visits { part { value suppressed } } }
      } } }
    `;
    const committee = () => tokenFor(callerFor('SPECIAL_COMMITTEE').identity!);
    const figures = async () => {
      const response = await graphql(stack.gatewayUrl, DASHBOARD, { token: await committee() });
      expect(response.errors).toBeUndefined();
      const section = response.data.committeeDashboard.crisisCells;
      return {
        visits: section.visits,
        children: section.childSurvivors.part,
        services: Object.fromEntries(
          section.services.map((s: { service: string; visits: { part: unknown } }) => [s.service, s.visits.part]),
        ) as Record<string, { value: number | null; suppressed: string | null }>,
      };
    };
    const before = await figures();
    expect(before.visits.suppressed).toBeNull();
    expect(before.children.suppressed).toBeNull();

    const given = ['CHILD_PROTECTION', 'MEDICAL_TREATMENT'];
    const response = await recordVisit(visit({ arrivedAt: '2026-06-15T10:30:00.000Z', childSurvivor: true, services: given }));
    expect(response.data.recordCellVisit.userErrors).toEqual([]);

    const after = await figures();
    expect(after.visits).toEqual({ value: before.visits.value + 1, suppressed: null });
    expect(after.children).toEqual({ value: before.children.value + 1, suppressed: null });
    for (const service of CELL_SERVICES) {
      const was = before.services[service]!;
      expect(after.services[service], service).toEqual(
        given.includes(service) && was.suppressed === null ? { value: was.value! + 1, suppressed: null } : was,
      );
    }
  });

  it("records a visit at the caller's own cell, its services in the order of CellService, and puts it on the trail", async () => {
    const storedBefore = await visitsStored(CELL.id);
    const arrivedAt = hoursAgo(3);
    const response = await recordVisit(visit({ arrivedAt, services: ['PSYCHOLOGICAL_COUNSELLING', 'LEGAL_AID', 'MEDICAL_TREATMENT'] }));
    expect(response.errors).toBeUndefined();
    const { visit: recorded, userErrors } = response.data.recordCellVisit;
    expect(userErrors).toEqual([]);
    expect(recorded).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      // The cell is the token's own (its capacity too: the caller's own cell's restricted field).
      cell: { id: CELL.id, name: CELL.name, capacity: CELL.capacity },
      arrivedAt,
      childSurvivor: false,
      services: ['MEDICAL_TREATMENT', 'PSYCHOLOGICAL_COUNSELLING', 'LEGAL_AID'],
    });
    expect(await visitsStored(CELL.id)).toBe(storedBefore + 1);

    // On the trail, committed with it: the visit it recorded, nothing of what it says.
    expect(await trail(recorded.id)).toEqual([
      { subject: `visits-arcc-${CELL.code}`, agency: 'ARCC', field: 'Mutation.recordCellVisit', rowIds: [recorded.id], outcome: 'DONE' },
    ]);
    expect(await chainOk()).toBe(true);
  });

  it('records concurrent visits at one cell, each once, and keeps the trail whole', async () => {
    const before = await visitsStored(CELL.id);
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => recordVisit(visit({ childSurvivor: i % 2 === 0 }))));
    for (const response of responses) expect(response.data.recordCellVisit.userErrors).toEqual([]);
    expect(new Set(responses.map((response) => response.data.recordCellVisit.visit.id)).size).toBe(8);
    expect(await visitsStored(CELL.id)).toBe(before + 8);
    expect(await chainOk()).toBe(true);
  });

  it('records a visit at which no service was given (the survivor left first)', async () => {
    const response = await recordVisit(visit({ services: [], childSurvivor: true }));
    expect(response.data.recordCellVisit.userErrors).toEqual([]);
    expect(response.data.recordCellVisit.visit).toMatchObject({ childSurvivor: true, services: [] });
  });

  it('rejects a visit in the future and a service named twice as INVALID_INPUT naming each field, writes nothing, records INVALID', async () => {
    const sub = 'visits-invalid';
    const before = await visitsStored();
    const response = await recordVisit(
      visit({ arrivedAt: new Date(Date.now() + 3_600_000).toISOString(), services: ['MEDICAL_TREATMENT', 'MEDICAL_TREATMENT'] }),
      arcc(CELL, sub),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.recordCellVisit.visit).toBeNull();
    expect(response.data.recordCellVisit.userErrors).toEqual([
      { field: ['input', 'arrivedAt'], code: 'INVALID_INPUT', message: 'Must not be in the future.' },
      { field: ['input', 'services'], code: 'INVALID_INPUT', message: 'Each service at most once.' },
    ]);
    expect(await visitsStored()).toBe(before);
    expect(await entriesOf(sub)).toEqual([
      { subject: sub, agency: 'ARCC', field: 'Mutation.recordCellVisit', rowIds: [], outcome: 'INVALID' },
    ]);
  });

  it('rejects a service the cell does not offer as INVALID_INPUT naming it, checked against the stored cell', async () => {
    const sub = 'visits-not-offered';
    const before = await visitsStored();
    const response = await recordVisit(
      visit({ services: ['MEDICAL_TREATMENT', 'LEGAL_AID', 'CHILD_PROTECTION'], childSurvivor: true }),
      arcc(SMALL_CELL, sub),
    );
    expect(response.data.recordCellVisit).toEqual({
      visit: null,
      userErrors: [
        {
          field: ['input', 'services'],
          code: 'INVALID_INPUT',
          message: 'The cell does not offer LEGAL_AID, CHILD_PROTECTION (CrisisCell.services).',
        },
      ],
    });
    expect(await visitsStored()).toBe(before);
    expect((await entriesOf(sub)).map((entry) => entry.outcome)).toEqual(['INVALID']);
    // What the cell offers is recorded.
    const offered = await recordVisit(visit({ services: ['MEDICAL_TREATMENT', 'POLICE_REPORTING'] }), arcc(SMALL_CELL, sub));
    expect(offered.data.recordCellVisit.visit.cell.id).toBe(SMALL_CELL.id);
  });

  it('answers a token whose cell the directory does not have (or that names none) as NOT_FOUND, alike, recorded REFUSED, nothing written', async () => {
    const before = await visitsStored();
    const tokens = {
      'visits-unknown-cell': tokenFor({ agency: 'ARCC', sub: 'visits-unknown-cell', cellId: randomUUID() }),
      'visits-malformed-cell': tokenFor({ agency: 'ARCC', sub: 'visits-malformed-cell', cellId: 'PEW1' }),
      'visits-no-cell': tokenFor({ agency: 'ARCC', sub: 'visits-no-cell' }),
    };
    for (const [sub, token] of Object.entries(tokens)) {
      const response = await recordVisit(visit(), token);
      expect(response.errors, sub).toBeUndefined();
      expect(response.data.recordCellVisit, sub).toEqual({
        visit: null,
        userErrors: [{ field: null, code: 'NOT_FOUND', message: 'No crisis cell with this id.' }],
      });
      expect(await entriesOf(sub), sub).toEqual([
        { subject: sub, agency: 'ARCC', field: 'Mutation.recordCellVisit', rowIds: [], outcome: 'REFUSED' },
      ]);
    }
    expect(await visitsStored()).toBe(before);
  });

  it('takes no cell from the input: naming one is not valid GraphQL, and nothing is written', async () => {
    const before = await visitsStored();
    const response = await recordVisit({ ...visit(), cellId: SMALL_CELL.id });
    expect(response.data?.recordCellVisit ?? null).toBeNull();
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(await visitsStored()).toBe(before);
  });

  it('records one visit for the same request sent twice with an Idempotency-Key, and refuses the key with other input', async () => {
    const token = await arcc(CELL, 'visits-idempotent');
    const input = visit({ arrivedAt: hoursAgo(4) });
    const key = randomUUID();
    const before = await visitsStored(CELL.id);
    const first = await recordVisit(input, token, { key });
    expect(first.data.recordCellVisit.userErrors).toEqual([]);
    const again = await recordVisit(input, token, { key });
    expect(again).toEqual(first);
    expect(await visitsStored(CELL.id)).toBe(before + 1);

    const other = await recordVisit({ ...input, childSurvivor: true }, token, { key });
    expect(other.data?.recordCellVisit ?? null).toBeNull();
    expect(other.errors?.map((error) => error.extensions?.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await visitsStored(CELL.id)).toBe(before + 1);

    // Without a key the same input is another visit (a survivor who came back): the key is what makes a retry safe.
    const unkeyed = await recordVisit(input, token);
    expect(unkeyed.data.recordCellVisit.visit.id).not.toBe(first.data.recordCellVisit.visit.id);
    expect(await visitsStored(CELL.id)).toBe(before + 2);
    expect((await trail(first.data.recordCellVisit.visit.id)).map((entry) => entry.outcome)).toEqual(['DONE']);
    // Newest first: the unkeyed visit, the replay (a read of what the first answer disclosed), the first; the reused key ran nothing.
    expect((await entriesOf('visits-idempotent')).map((entry) => [entry.outcome, entry.rowIds.length])).toEqual([
      ['DONE', 1],
      ['ALLOWED', 0],
      ['DONE', 1],
    ]);
  });

  it('costs the same SQL statements for the 1st and the 12th visit of a cell', async () => {
    // A cell no other test writes to.
    const cell = CRISIS_CELLS_BY_CODE.get('QTA1')!;
    const counts: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const { perSubgraph } = await sqlStatementsDuring(stack.subgraphUrls, async (requestId) => {
        const response = await recordVisit(visit({ services: ['MEDICAL_TREATMENT'] }), arcc(cell), { requestId });
        expect(response.data.recordCellVisit.userErrors).toEqual([]);
      });
      counts.push(perSubgraph['crisis-cells']!);
    }
    console.info(
      `cell visits: recordCellVisit costs the crisis-cells subgraph ${counts[0]} SQL statements per visit (1st to 12th of a cell)`,
    );
    expect(new Set(counts).size).toBe(1);
  });
});

describe('who may record a visit, as DESIGN section 7 says (through the gateway and straight at the crisis-cells subgraph)', () => {
  const calls: Record<string, (agency: Agency, url: string) => Promise<GraphQLResponse>> = {
    recordCellVisit: async (agency, url) =>
      graphql(url, 'mutation ($input: RecordCellVisitInput!) { recordCellVisit(input: $input) { visit { id } userErrors { code } } }', {
        token: await matrixToken(agency, CELL.id),
        variables: { input: visit() },
      }),
  };

  it('has a call for every mutation of the expected table', () => {
    expect(Object.keys(calls).sort()).toEqual([...EXPECTED_CELL_MUTATIONS.keys()].sort());
  });

  for (const target of ['gateway', 'crisis-cells'] as const) {
    for (const agency of AGENCIES) {
      it(`${target}: ${agency}`, async () => {
        const url = target === 'gateway' ? stack.gatewayUrl : stack.subgraphUrls['crisis-cells'];
        for (const [name, call] of Object.entries(calls)) {
          const before = await visitsStored();
          const response = await call(agency, url);
          if (EXPECTED_CELL_MUTATIONS.get(name)![agency] === '–') {
            expectRefusedByAgency(response, name, agency, target !== 'gateway');
            expect(await visitsStored(), `${agency} ${name}`).toBe(before);
          } else {
            expect(response.errors, `${agency} ${name}`).toBeUndefined();
            expect(response.data[name].userErrors, `${agency} ${name}`).toEqual([]);
            expect(await visitsStored(), `${agency} ${name}`).toBe(before + 1);
          }
        }
      });
    }
  }
});
