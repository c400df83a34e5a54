import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from './support/graphql-client.ts';

const gatewayUrl = inject('gatewayUrl');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the README', () => {
  let schema: ReturnType<typeof buildClientSchema>;
  beforeAll(async () => {
    const { data } = await graphql<IntrospectionQuery>(gatewayUrl, getIntrospectionQuery());
    schema = buildClientSchema(data!);
  });

  it('has example queries', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((example, n) => [n + 1, example]))('example %i is valid against the gateway schema', (_n, example) => {
    expect(validate(schema, parse(example as string)).map((error) => error.message)).toEqual([]);
  });
});
