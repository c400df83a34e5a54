import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from '#test-kit';
import { seededCases } from '#test-kit';

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

  it("names the demo case's people as the seeded world has them", () => {
    const facts = seededCases().find((c) => c.reference === 'ARCC-PEW1-2023-000053')!;
    expect(facts).toBeDefined();
    for (const id of [
      facts.crisisCellId,
      facts.investigation?.investigatingOfficerId,
      facts.trial?.prosecutorId,
      facts.trial?.courtId,
      facts.supportAdviserId,
    ]) {
      expect(id).toEqual(expect.any(String));
      expect(readme).toContain(id!);
    }
    expect(readme).toContain(`--province ${facts.province} --sub ${facts.investigation!.investigatingOfficerId}`);
  });

  it.each(examples.map((example, n) => [n + 1, example]))('example %i is valid against the gateway schema', (_n, example) => {
    expect(validate(schema, parse(example as string)).map((error) => error.message)).toEqual([]);
  });
});
