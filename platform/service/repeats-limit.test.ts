import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maxRepeatsRule } from './repeats-limit.ts';

const schema = buildSchema('type Query { cell: Cell, cells: [Cell] } type Cell { id: ID, name: String }');
const refusals = (query: string, limit = 3) => validate(schema, parse(query), [maxRepeatsRule(limit)]).map((error) => error.message);

describe('the repeats limit', () => {
  it("refuses graphql-cop's field duplication (500 __typename) and directive overloading (ten @aa on one field)", () => {
    expect(refusals(`query cop { ${'__typename \n'.repeat(500)}} `)).toEqual(['Repeats limit of 3 exceeded, found 500.']);
    const overloaded = 'query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }';
    expect(refusals(overloaded)).toEqual(['Repeats limit of 3 exceeded, found 10.']);
    // graphql-js's own rules still say each @aa is unknown: the limit's refusal comes with them, one error of its own.
    expect(validate(schema, parse(overloaded), [...specifiedRules, maxRepeatsRule(3)]).map((e) => e.message)).toContain(
      'Repeats limit of 3 exceeded, found 10.',
    );
  });

  it('counts a response key within one selection set, at any depth, in fragments too', () => {
    expect(refusals('{ cell { id id id id } }')).toEqual(['Repeats limit of 3 exceeded, found 4.']);
    expect(refusals('{ cell { ...F } } fragment F on Cell { name name name name name }')).toEqual([
      'Repeats limit of 3 exceeded, found 5.',
    ]);
    expect(refusals('{ a: cell { id } a: cell { name } a: cell { id } a: cell { id } }')).toEqual([
      'Repeats limit of 3 exceeded, found 4.',
    ]);
  });

  it('answers what is within it: repeats up to the limit, the same field under other keys or in other selections', () => {
    expect(refusals('{ cell { id id id } cells { id id id } }')).toEqual([]);
    expect(refusals('{ a: cell { id } b: cell { id } c: cell { id } d: cell { id } e: cell { id } }')).toEqual([]);
    expect(refusals(`{ ${'... on Query { cell { id } } '.repeat(10)}}`)).toEqual([]);
    expect(refusals('query($a: Boolean!, $b: Boolean!) { cell @include(if: $a) @skip(if: $b) { id } }')).toEqual([]);
    expect(refusals('{ cell { id id } }', 1)).toEqual(['Repeats limit of 1 exceeded, found 2.']);
  });
});
