import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { accessMatrix } from '#policy';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';

const supergraph = parse(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'));

describe('the access policy the schema declares', () => {
  const declared = new Map(
    accessMatrix(supergraph)
      .filter(({ type }) => type !== 'Mutation')
      .map(({ type, field, access }) => [`${type}.${field}`, access]),
  );

  it('covers exactly the fields of the expected matrix written from DESIGN section 4', () => {
    expect([...declared.keys()].sort()).toEqual([...EXPECTED_ACCESS.keys()].sort());
  });

  it.each([...EXPECTED_ACCESS.entries()])('%s', (field, expected) => {
    expect(declared.get(field)).toEqual(expected);
  });
});

describe('who may call each mutation, as the schema declares it', () => {
  const declared = new Map(
    accessMatrix(supergraph)
      .filter(({ type }) => type === 'Mutation')
      .map(({ field, access }) => [field, access]),
  );

  it('covers exactly the mutations of the expected table written from DESIGN section 7', () => {
    expect([...declared.keys()].sort()).toEqual([...EXPECTED_ALL_MUTATIONS.keys()].sort());
  });

  it.each([...EXPECTED_ALL_MUTATIONS.entries()])('%s', (mutation, expected) => {
    expect(declared.get(mutation)).toEqual(expected);
  });
});
