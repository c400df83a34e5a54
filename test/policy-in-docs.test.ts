import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery, isObjectType } from 'graphql';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AGENCIES, type Agency } from '#reference-data';
import { graphql } from '#test-kit';
import { EXPECTED_ACCESS, EXPECTED_ALL_MUTATIONS } from './fixtures/expected-access.ts';

const gatewayUrl = inject('gatewayUrl');

/** The sentence a field's docs end their first paragraph with, written from the hand-made expectations (DESIGN sections 4 and 7). */
function sentenceFor(access: Record<Agency, string>, verb: 'read' | 'call'): string {
  if (AGENCIES.every((agency) => access[agency] === 'yes')) return `Who may ${verb}: anyone, with or without a token.`;
  const admitted = AGENCIES.filter((agency) => access[agency] !== '–').map((agency) => {
    const words = access[agency]!.replace(/^yes(, )?/, '');
    return words ? `${agency}: ${words}` : agency;
  });
  return `Who may ${verb}: ${admitted.join('; ')}.`;
}

describe("the schema's docs, as the explorer reads them", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    const { data } = await graphql<IntrospectionQuery>(gatewayUrl, getIntrospectionQuery());
    schema = buildClientSchema(data!);
  });
  const description = (coordinate: string) => {
    const [type, field] = coordinate.split('.') as [string, string];
    const object = schema.getType(type);
    return isObjectType(object) ? object.getFields()[field]?.description : undefined;
  };

  it('say for every mutation who may call it and under which row rule', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThanOrEqual(EXPECTED_ALL_MUTATIONS.size);
    for (const name of mutations) {
      const expected = EXPECTED_ALL_MUTATIONS.get(name);
      expect(expected, `Mutation.${name} is in the hand-made table`).toBeDefined();
      expect(description(`Mutation.${name}`), `Mutation.${name}`).toContain(sentenceFor(expected!, 'call'));
    }
    // A sample, spelt out: the counsellor's role, and the register's two agencies.
    expect(description('Mutation.recordCounsellingSession')).toContain('Who may call: ARCC: own cell, role counsellor.');
    expect(description('Mutation.recordNotification')).toContain('Who may call: SSOIU: same province; NPB.');
  });

  it('say for each field who may read it and under which row rule', () => {
    const checked = [...EXPECTED_ACCESS].filter(([coordinate]) => description(coordinate) !== undefined);
    expect(checked.length).toBeGreaterThan(200);
    for (const [coordinate, access] of checked) expect(description(coordinate), coordinate).toContain(sentenceFor(access, 'read'));
    expect(description('Survivor.fullName')).toContain('Who may read: ARCC: own cell; SSOIU: assigned; PROSECUTION: assigned;');
    expect(description('CrisisCell.name')).toContain('Who may read: anyone, with or without a token.');
    expect(description('Query.committeeDashboard')).toContain('Who may read: SPECIAL_COMMITTEE.');
  });

  it("keep a field's own description, the policy at the end of its first paragraph", () => {
    const text = description('Mutation.openCase')!;
    expect(text).toMatch(/^Opens a case at the caller's own crisis cell[\s\S]*\nWho may call: ARCC: own cell\.(\n\n|$)/);
  });

  it('say it on every field of every object type the graph serves', () => {
    const silent = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type: type.name, field })))
      .filter(({ field }) => !/(^|\n)Who may (read|call): /.test(field.description ?? ''))
      .map(({ type, field }) => `${type}.${field.name}`);
    expect(silent).toEqual([]);
  });
});
