import { readFileSync } from 'node:fs';
import { parse, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compilePolicy, filterOperation, nonNullForbiddenFields } from './filter-operation.ts';
import { applyNullWrites } from './response.ts';
import { fieldAccessOf } from '#policy';
import { policyModeFromEnv } from './index.ts';

/** A small graph with the shapes that matter, its rules written here by hand. */
const SDL = /* GraphQL */ `
  directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | FIELD_DEFINITION
  directive @public on OBJECT | FIELD_DEFINITION
  directive @rowRule(agency: access__RowRuleAgency!, condition: access__RowCondition!) repeatable on OBJECT | FIELD_DEFINITION
  enum access__RowRuleAgency { ARCC SSOIU COURT }
  enum access__RowCondition { OWN_CELL SAME_PROVINCE ASSIGNED STATED_PURPOSE }

  type Query {
    cells: [Cell!]! @public
    cases: [Case!] @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]])
    case(id: ID!): Case @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]])
    parties: [Party!] @requiresScopes(scopes: [["agency:SSOIU"], ["agency:COURT"]])
    anyone: Anyone @requiresScopes(scopes: [["agency:SSOIU"], ["agency:COURT"]])
  }
  type Cell @public {
    id: ID!
    name: String!
    capacity: Int @requiresScopes(scopes: [["agency:ARCC"]])
  }
  type Case @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]]) @rowRule(agency: ARCC, condition: OWN_CELL) {
    id: ID!
    reference: String!
    cell: Cell
    sessions: [Session!] @requiresScopes(scopes: [["agency:ARCC", "role:counsellor"]])
    record: Record!
  }
  type Session @requiresScopes(scopes: [["agency:ARCC", "role:counsellor"]]) {
    id: ID!
    heldAt: String!
  }
  type Record @requiresScopes(scopes: [["agency:SSOIU"]]) {
    number: String!
  }
  interface Party {
    name: String
  }
  type Suspect implements Party @requiresScopes(scopes: [["agency:SSOIU"], ["agency:COURT"]]) {
    name: String
    cnic: String @requiresScopes(scopes: [["agency:SSOIU"]])
  }
  type Witness implements Party @requiresScopes(scopes: [["agency:SSOIU"]]) {
    name: String
    phone: String
  }
  union Anyone = Suspect | Witness
`;

const policy = compilePolicy(SDL);
const ARCC = ['agency:ARCC'];
const COUNSELLOR = ['agency:ARCC', 'role:counsellor'];
const SSOIU = ['agency:SSOIU'];
const COURT = ['agency:COURT'];
const PUBLIC = ['agency:PUBLIC'];

function filter(query: string, scopes: string[], variables: Record<string, unknown> = {}) {
  const result = filterOperation(policy, { document: parse(query), scopes, variables })!;
  return { ...result, printed: print(result.document), paths: result.unauthorized.map(({ path }) => path) };
}
const printed = (query: string) => print(parse(query));

describe('taking out the fields a caller may never read', () => {
  it('leaves an operation the caller may read entirely as it was, the same document', () => {
    const document = parse('query Q { cases { id reference sessions { heldAt } cell { name capacity } } }');
    const result = filterOperation(policy, { document, scopes: COUNSELLOR })!;
    expect(result.document).toBe(document);
    expect(result.unauthorized).toEqual([]);
  });

  it('takes out a root field, keeps the rest, and writes null where it was', () => {
    const result = filter('{ cases { id } cells { name } }', PUBLIC);
    expect(result.printed).toBe(printed('{ cases: __typename cells { name } }'));
    expect(result.paths).toEqual([['cases', '@']]);
    expect(result.nullWrites).toEqual([{ path: ['cases'], nullAt: 1 }]);
    expect(result.nothingLeft).toBe(false);
  });

  it('needs every scope of one alternative: a role alone or an agency without its role is not enough', () => {
    const query = '{ cases { id sessions { id } } }';
    expect(filter(query, ARCC).paths).toEqual([['cases', '@', 'sessions', '@']]);
    expect(filter(query, ['role:counsellor', 'agency:SSOIU']).paths).toEqual([['cases', '@', 'sessions', '@']]);
    expect(filter(query, COUNSELLOR).paths).toEqual([]);
  });

  it('names list items `@` (no positions), uses the alias the client wrote, and follows named and inline fragments', () => {
    const result = filter(
      `query { cases { id s: sessions { id } ... on Case { cell { capacity name } } ...Rest } }
       fragment Rest on Case { reference sessions { heldAt } }`,
      SSOIU,
    );
    expect(result.paths).toEqual([
      ['cases', '@', 's', '@'],
      ['cases', '@', 'cell', 'capacity'],
      ['cases', '@', 'sessions', '@'],
    ]);
    expect(result.printed).toBe(
      printed('{ cases { id s: __typename cell { capacity: __typename name } reference sessions: __typename } }'),
    );
    expect(result.nullWrites).toEqual([
      { path: ['cases', '@', 's'], nullAt: 3 },
      { path: ['cases', '@', 'cell', 'capacity'], nullAt: 4 },
      { path: ['cases', '@', 'sessions'], nullAt: 3 },
    ]);
  });

  it('merges the selections of one response key before deciding, as execution does', () => {
    const result = filter('{ cases { cell { capacity } cell { name } } }', SSOIU);
    expect(result.paths).toEqual([['cases', '@', 'cell', 'capacity']]);
    expect(result.printed).toBe(printed('{ cases { cell { capacity: __typename name } } }'));
  });

  it('evaluates @skip and @include with the variables: a skipped field is neither an error nor a null', () => {
    const query =
      'query ($with: Boolean!, $without: Boolean = true) { cases { id sessions @include(if: $with) { id } cell @skip(if: $without) { capacity } } }';
    const included = filter(query, SSOIU, { with: true, without: false });
    expect(included.paths).toEqual([
      ['cases', '@', 'sessions', '@'],
      ['cases', '@', 'cell', 'capacity'],
      ['cases', '@', 'cell'],
    ]);
    const skipped = filter(query, SSOIU, { with: false });
    expect(skipped.paths).toEqual([]);
    expect(skipped.printed).toBe(printed(query));
    const onlyTheDefault = filter(query, SSOIU, { with: true });
    expect(onlyTheDefault.paths).toEqual([['cases', '@', 'sessions', '@']]);
    // The conditions are settled, so their variables are no longer declared.
    expect(onlyTheDefault.printed).toBe(printed('{ cases { id sessions: __typename } }'));
    // A selection set all of whose selections are skipped still answers {}, and asks for nothing.
    const allSkipped = filter('query ($with: Boolean!) { cells { id capacity } cases { sessions @include(if: $with) { id } } }', SSOIU, {
      with: false,
    });
    expect(allSkipped.paths).toEqual([['cells', '@', 'capacity']]);
    expect(allSkipped.printed).toBe(printed('{ cells { id capacity: __typename } cases { __typename @skip(if: true) } }'));
  });

  it('takes out a selection left with nothing readable, with its own error, up to the root', () => {
    const result = filter('{ cells { id } cases { id cell { capacity } } }', SSOIU);
    expect(result.paths).toEqual([
      ['cases', '@', 'cell', 'capacity'],
      ['cases', '@', 'cell'],
    ]);
    expect(result.printed).toBe(printed('{ cells { id } cases { id cell: __typename } }'));
    expect(result.nullWrites).toContainEqual({ path: ['cases', '@', 'cell'], nullAt: 3 });
    // `cases` itself had nothing else: taken out too.
    const all = filter('{ cases { cell { capacity } } }', SSOIU);
    expect(all.paths).toEqual([
      ['cases', '@', 'cell', 'capacity'],
      ['cases', '@', 'cell'],
      ['cases', '@'],
    ]);
    expect(all.nothingLeft).toBe(true);
  });

  it('propagates the null of a non-null field taken out to its nearest nullable ancestor', () => {
    // Case.record is non-null; for ARCC every field of Record is forbidden.
    const result = filter('{ case(id: "1") { id record { number } } cells { id } }', ARCC);
    expect(result.paths).toEqual([
      ['case', 'record', 'number'],
      ['case', 'record'],
    ]);
    expect(result.printed).toBe(printed('{ case: __typename cells { id } }'));
    expect(result.nullWrites).toContainEqual({ path: ['case'], nullAt: 1 });
    const inList = filter('{ cases { id record { number } } }', ARCC);
    // Items of [Case!] are non-null: the whole list becomes null.
    expect(inList.nullWrites).toContainEqual({ path: ['cases', '@', 'record'], nullAt: 1 });
  });

  it('walks an abstract type once per possible type, each under its own rules, and checks the type before writing null', () => {
    const result = filter(
      '{ parties { name ... on Suspect { cnic } } anyone { ... on Witness { phone } ... on Suspect { name } } }',
      COURT,
    );
    // Below an interface or a union, a field taken out is dropped (a placeholder could clash with a sibling type's field).
    expect(result.printed).toBe(
      printed(`{
        parties { __policyTypename: __typename ... on Suspect { name } }
        anyone { __policyTypename: __typename ... on Suspect { name } }
      }`),
    );
    expect(result.paths).toEqual([
      ['parties', '@', 'cnic'],
      ['parties', '@', 'name'],
      ['anyone', 'phone'],
    ]);
    expect(result.nullWrites).toEqual([
      { path: ['parties', '@', 'cnic'], nullAt: 3, typeChecks: [{ depth: 2, type: 'Suspect' }] },
      { path: ['parties', '@', 'name'], nullAt: 3, typeChecks: [{ depth: 2, type: 'Witness' }] },
      { path: ['anyone', 'phone'], nullAt: 2, typeChecks: [{ depth: 1, type: 'Witness' }] },
    ]);
    const data = {
      parties: [{ __policyTypename: 'Suspect', name: 'Asif' }, { __policyTypename: 'Witness' }],
      anyone: { __policyTypename: 'Suspect', name: 'Asif' },
    };
    expect(applyNullWrites(data, result.nullWrites, result.typeMarkers)).toEqual({
      parties: [{ name: 'Asif', cnic: null }, { name: null }],
      anyone: { name: 'Asif' },
    });

    // A possible type nothing applies to adds nothing; one left with nothing readable empties the field.
    const onlyWitness = filter('{ anyone { ... on Witness { phone } } parties { name } }', COURT);
    expect(onlyWitness.printed).toBe(printed('{ anyone: __typename parties { __policyTypename: __typename ... on Suspect { name } } }'));
    expect(onlyWitness.paths).toEqual([['anyone', 'phone'], ['anyone'], ['parties', '@', 'name']]);
  });

  it('plans only documents that are valid against the schema', () => {
    const queries: [string, string[], Record<string, unknown>?][] = [
      ['{ parties { name ... on Suspect { cnic } } anyone { ... on Witness { phone } ... on Suspect { name } } }', COURT],
      [
        '{ cases { id s: sessions { id } ... on Case { cell { capacity name } } ...Rest } } fragment Rest on Case { reference sessions { heldAt } }',
        SSOIU,
      ],
      ['query ($with: Boolean!) { cells { id capacity } cases { sessions @include(if: $with) { id } } }', SSOIU, { with: false }],
      ['{ case(id: "1") { id record { number } } cells { id } }', ARCC],
    ];
    for (const [query, scopes, variables] of queries) {
      const result = filterOperation(policy, { document: parse(query), scopes, variables })!;
      expect(result.unauthorized.length).toBeGreaterThan(0);
      expect(validate(policy.schema, result.document).map((error) => error.message)).toEqual([]);
    }
  });

  it('leaves introspection and __typename alone', () => {
    const document = parse('{ __typename __schema { queryType { name } } __type(name: "Case") { name } }');
    expect(filterOperation(policy, { document, scopes: PUBLIC })!.document).toBe(document);
  });

  it('caches what a scope set may read, whatever the order of the scopes', () => {
    expect(policy.readableBy(['role:counsellor', 'agency:ARCC'])).toBe(policy.readableBy(COUNSELLOR));
    expect(policy.readableBy(COUNSELLOR).has('Case.sessions')).toBe(true);
    expect(policy.readableBy(ARCC).has('Case.sessions')).toBe(false);
    expect(policy.readableBy(ARCC).has('Case.reference')).toBe(true);
  });
});

describe('answering with nulls', () => {
  it('writes null in every list item, and nowhere the placeholder is absent', () => {
    const data = {
      parties: [{ name: 'Suspect', cnic: 'Suspect' }, { name: 'Witness' }],
      cases: [
        { id: '1', s: 'Case' },
        { id: '2', s: 'Case' },
      ],
    };
    const written = applyNullWrites(data, [
      { path: ['cases', '@', 's'], nullAt: 3 },
      { path: ['parties', '@', 'cnic'], nullAt: 3 },
    ]);
    expect(written).toEqual({
      parties: [{ name: 'Suspect', cnic: null }, { name: 'Witness' }],
      cases: [
        { id: '1', s: null },
        { id: '2', s: null },
      ],
    });
  });

  it('propagates to the ancestor named, and to data itself', () => {
    expect(applyNullWrites({ cases: [{ record: 'Case' }], cells: [] }, [{ path: ['cases', '@', 'record'], nullAt: 1 }])).toEqual({
      cases: null,
      cells: [],
    });
    expect(applyNullWrites({ must: 'Query', other: 1 }, [{ path: ['must'], nullAt: 0 }])).toBeNull();
    expect(applyNullWrites({ cases: null }, [{ path: ['cases', '@', 'record'], nullAt: 1 }])).toEqual({ cases: null });
  });
});

describe('the rules at startup', () => {
  const supergraph = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');

  it('accepts the committed supergraph: every field that can be forbidden while its type is readable is nullable', () => {
    expect(nonNullForbiddenFields(fieldAccessOf(parse(supergraph)))).toEqual([]);
    expect(() => compilePolicy(supergraph)).not.toThrow();
  });

  it('filters an operation on the committed supergraph into one valid against it', () => {
    const real = compilePolicy(supergraph);
    const document = parse(`
      query Decided($first: Int!) {
        cases(first: $first) { edges { node { reference crisisCell { name staffOnDuty { name } } counsellingSessions { heldAt } trial { caseNumber } } } }
      }
    `);
    const result = filterOperation(real, { document, scopes: ['agency:SSOIU'], variables: { first: 3 } })!;
    expect(result.unauthorized.map(({ path }) => path)).toEqual([
      ['cases', 'edges', '@', 'node', 'crisisCell', 'staffOnDuty', '@'],
      ['cases', 'edges', '@', 'node', 'counsellingSessions', '@'],
    ]);
    expect(validate(real.schema, result.document).map((error) => error.message)).toEqual([]);
  });

  it('fails fast on a non-null field that could be taken out while its parent is readable', () => {
    const bad = SDL.replace('capacity: Int @requiresScopes', 'capacity: Int! @requiresScopes');
    expect(nonNullForbiddenFields(fieldAccessOf(parse(bad)))).toEqual(['Cell.capacity']);
    expect(() => compilePolicy(bad)).toThrow(/Cell\.capacity/);
  });

  it('reads POLICY_MODE, filter by default, and refuses anything else', () => {
    expect(policyModeFromEnv({})).toBe('filter');
    expect(policyModeFromEnv({ POLICY_MODE: 'dry-run' })).toBe('dry-run');
    expect(() => policyModeFromEnv({ POLICY_MODE: 'off' })).toThrow(/POLICY_MODE/);
  });
});
