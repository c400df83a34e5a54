import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '#test-kit';
import { startSubgraphForTest, type SubgraphUnderTest } from '#test-kit';
import { CRISIS_CELLS, generateCellStaff } from '#synthetic-world';
import { defaultSubgraphParts } from '#subgraph';

let subgraph: SubgraphUnderTest;
beforeAll(async () => {
  // Resolver logic against the world, every row and field: the access policy is off here and tested with it on in test/access-*.test.ts.
  subgraph = await startSubgraphForTest('crisis-cells', { parts: defaultSubgraphParts({ leaveOut: ['enforcement'] }) });
});
afterAll(() => subgraph?.stop());

const query = (text: string, variables?: Record<string, unknown>) => graphql(subgraph.url, text, { variables });

describe('crisis-cells subgraph', () => {
  it('lists the whole directory, ordered by name, with a total', async () => {
    const { data } = await query('{ crisisCells(first: 100) { totalCount edges { node { id name } } pageInfo { hasNextPage } } }');
    const expected = [...CRISIS_CELLS].map((c) => c.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(data.crisisCells.totalCount).toBe(CRISIS_CELLS.length);
    expect(data.crisisCells.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(expected);
    expect(data.crisisCells.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by province, city, service and 24-hour opening', async () => {
    const cases = [
      { args: 'province: SINDH', expected: CRISIS_CELLS.filter((c) => c.province === 'SINDH') },
      { args: 'city: "Lahore"', expected: CRISIS_CELLS.filter((c) => c.city === 'Lahore') },
      { args: 'service: CHILD_PROTECTION', expected: CRISIS_CELLS.filter((c) => c.services.includes('CHILD_PROTECTION')) },
      { args: 'open24Hours: false', expected: CRISIS_CELLS.filter((c) => !c.open24Hours) },
    ];
    for (const { args, expected } of cases) {
      const { data } = await query(`{ crisisCells(${args}, first: 100) { totalCount edges { node { id } } } }`);
      expect(data.crisisCells.totalCount, args).toBe(expected.length);
      expect(new Set(data.crisisCells.edges.map((e: { node: { id: string } }) => e.node.id)), args).toEqual(
        new Set(expected.map((c) => c.id)),
      );
    }
  });

  it('pages with cursors: the second page continues the first without overlap', async () => {
    const first = await query('{ crisisCells(first: 5) { edges { node { id } } pageInfo { hasNextPage endCursor } } }');
    const after = first.data.crisisCells.pageInfo.endCursor;
    const second = await query(
      'query($after: String) { crisisCells(first: 5, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }',
      { after },
    );
    const all = await query('{ crisisCells(first: 10) { edges { node { id } } } }');
    const ids = (r: typeof first) => r.data.crisisCells.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(first.data.crisisCells.pageInfo.hasNextPage).toBe(true);
    expect([...ids(first), ...ids(second)]).toEqual(ids(all));
    expect(second.data.crisisCells.pageInfo.hasPreviousPage).toBe(true);
  });

  it('refuses a page size out of range and a forged cursor with BAD_USER_INPUT', async () => {
    for (const args of ['first: 0', 'first: 101', 'after: "bm90LWEtY3Vyc29y"']) {
      const response = await query(`{ crisisCells(${args}) { totalCount } }`);
      expect(response.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
      expect(response.data).toBeNull();
    }
  });

  it('looks a cell up by id and answers null for an unknown one', async () => {
    const cell = CRISIS_CELLS[0]!;
    const { data } = await query('query($id: ID!) { crisisCell(id: $id) { name hospital city province services helpline capacity } }', {
      id: cell.id,
    });
    expect(data.crisisCell).toEqual({
      name: cell.name,
      hospital: cell.hospital,
      city: cell.city,
      province: cell.province,
      services: cell.services,
      helpline: cell.helpline,
      capacity: cell.capacity,
    });
    const unknown = await query('{ crisisCell(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.data.crisisCell).toBeNull();
    // Not an id at all: the caller's error, answered without asking the database (which would reject it).
    const before = subgraph.service.database.statementCount();
    const malformed = await query('{ crisisCell(id: "not-a-uuid") { id staffOnDuty { name } } }');
    expect(malformed).toEqual({
      status: 200,
      data: { crisisCell: null },
      errors: [
        {
          message: '"id" is not an id: every id here is a UUID, such as 0f2eff65-a7f7-5894-8e64-4664e5687c6b.',
          locations: [{ line: 1, column: 3 }],
          path: ['crisisCell'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(subgraph.service.database.statementCount()).toBe(before);
  });

  it('resolves _entities references, and staff on duty, in a fixed number of statements', async () => {
    const representations = CRISIS_CELLS.map((c) => ({ __typename: 'CrisisCell', id: c.id }));
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on CrisisCell { id name staffOnDuty { name role shiftStart shiftEnd } } } }`;
    const statementsFor = async (count: number) => {
      const before = subgraph.service.database.statementCount();
      const { data, errors } = await query(entities, { r: representations.slice(0, count) });
      expect(errors).toBeUndefined();
      expect(data._entities).toHaveLength(count);
      return subgraph.service.database.statementCount() - before;
    };
    expect(await statementsFor(2)).toBe(await statementsFor(representations.length));

    const { data } = await query(entities, { r: representations.slice(0, 1) });
    const roster = generateCellStaff(CRISIS_CELLS[0]!.code);
    expect(data._entities[0].staffOnDuty.length).toBeGreaterThan(0);
    for (const member of data._entities[0].staffOnDuty) expect(roster.map((m) => m.name)).toContain(member.name);
  });

  it('reseeds to the same directory, with or without a logger', async () => {
    await subgraph.service.database.seed(1);
    const { data } = await query('{ crisisCells(first: 100) { totalCount } }');
    expect(data.crisisCells.totalCount).toBe(CRISIS_CELLS.length);
  });
});
