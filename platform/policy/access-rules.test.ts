import { readFileSync } from 'node:fs';
import composition from '@apollo/composition';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AGENCIES } from '#reference-data';
import { accessFor } from './access-matrix.ts';
import { fieldAccessOf, policyProblems, ROW_CONDITIONS } from './access-rules.ts';

const policySdlPath = new URL('../../schema/policy.graphql', import.meta.url);
const sdl = (body: string) => parse(body);

describe('access rules declared in the SDL', () => {
  it('lets a field inherit its type rule, and refuses a field with no rule at all', () => {
    const problems = policyProblems(
      sdl(`
        type Query { a: A @requiresScopes(scopes: [["agency:NPB"]]) b: Int }
        type A @requiresScopes(scopes: [["agency:NPB"]]) { id: ID! }
      `),
    );
    expect(problems).toEqual(['Query.b has no access rule (@public, or @requiresScopes on it or its type): nobody could read it']);
  });

  it('requires a field that can be forbidden while its type is readable to be nullable', () => {
    const problems = policyProblems(
      sdl(`
        type Query { a: A! @requiresScopes(scopes: [["agency:NPB"]]) open: Int! @public }
        type A @requiresScopes(scopes: [["agency:NPB"], ["agency:SSOIU"]]) @rowRule(agency: SSOIU, condition: SAME_PROVINCE) {
          id: ID!
          same: String! @requiresScopes(scopes: [["agency:SSOIU"], ["agency:NPB"]]) @rowRule(agency: SSOIU, condition: SAME_PROVINCE)
          narrower: String! @requiresScopes(scopes: [["agency:NPB"]])
          narrowerRow: String! @requiresScopes(scopes: [["agency:NPB"], ["agency:SSOIU"]]) @rowRule(agency: SSOIU, condition: ASSIGNED)
          nullable: String @requiresScopes(scopes: [["agency:NPB"]])
        }
      `),
    );
    expect(problems).toEqual([
      'Query.a can be forbidden while its type is readable, so it must be nullable',
      'A.narrower can be forbidden while its type is readable, so it must be nullable',
      'A.narrowerRow can be forbidden while its type is readable, so it must be nullable',
    ]);
  });

  it('refuses malformed rules', () => {
    const problems = policyProblems(
      sdl(`
        type Query {
          a: Int @requiresScopes(scopes: [["agency:FIA"]])
          b: Int @requiresScopes(scopes: [["role:clerk"]])
          c: Int @requiresScopes(scopes: [["agency:NPB"]]) @rowRule(agency: SSOIU, condition: SAME_PROVINCE)
          d: Int @requiresScopes(scopes: [["agency:SSOIU"]]) @rowRule(agency: SSOIU, condition: SAME_PROVINCE) @rowRule(agency: SSOIU, condition: ASSIGNED)
          e: Int @public @requiresScopes(scopes: [["agency:NPB"]])
          f: Int @requiresScopes(scopes: [["agency:PUBLIC"]])
          g: Int @rowRule(agency: SSOIU, condition: SAME_PROVINCE)
        }
      `),
    );
    expect(problems).toEqual([
      'Query.a: unknown scope "agency:FIA"',
      'Query.b: scope alternative [role:clerk] must name exactly one agency',
      'Query.c: @rowRule(agency: SSOIU) names an agency its @requiresScopes does not admit',
      'Query.d: @rowRule(agency: SSOIU) given twice',
      'Query.e: @public cannot be combined with @requiresScopes or @rowRule',
      'Query.f: unknown scope "agency:PUBLIC"',
      'Query.g: @rowRule needs @requiresScopes naming the agencies it narrows',
      'Query.g: @rowRule(agency: SSOIU) names an agency its @requiresScopes does not admit',
    ]);
  });

  it("reads every agency's @rowRule", () => {
    const [field] = fieldAccessOf(
      sdl(
        'type Query { a: Int @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"], ["agency:NPB"]]) @rowRule(agency: ARCC, condition: OWN_CELL) @rowRule(agency: SSOIU, condition: SAME_PROVINCE) }',
      ),
    );
    expect(field!.rule!.rows).toEqual({ ARCC: 'OWN_CELL', SSOIU: 'SAME_PROVINCE' });
    expect(field!.rule!.problems).toEqual([]);
  });

  it('leaves out reference stubs a subgraph does not serve', () => {
    const fields = fieldAccessOf(sdl('type CrisisCell @key(fields: "id", resolvable: false) { id: ID! }'));
    expect(fields).toEqual([]);
  });

  it("words each agency's access the way DESIGN section 4 does", () => {
    const [counselling] = fieldAccessOf(
      sdl(
        'type Case { counselling: Int @requiresScopes(scopes: [["agency:ARCC", "role:counsellor"]]) @rowRule(agency: ARCC, condition: OWN_CELL) }',
      ),
    );
    expect(accessFor(counselling!.rule, 'ARCC')).toBe('own cell, role counsellor');
    expect(accessFor(counselling!.rule, 'SSOIU')).toBe('–');
    const [open] = fieldAccessOf(sdl('type Cell { name: String @public }'));
    expect(accessFor(open!.rule, 'PUBLIC')).toBe('yes');
  });
});

describe('fields that return a type some of their callers may not read', () => {
  it('must be nullable', () => {
    const problems = policyProblems(
      parse(`
        type Query { c: C @requiresScopes(scopes: [["agency:NPB"], ["agency:COURT"]]) }
        type C @requiresScopes(scopes: [["agency:NPB"], ["agency:COURT"]]) {
          id: ID!
          trial: T!
          optionalTrial: T
          wider: W!
        }
        type T @requiresScopes(scopes: [["agency:COURT"]]) { id: ID! }
        type W @requiresScopes(scopes: [["agency:NPB"], ["agency:COURT"], ["agency:SSOIU"]]) { id: ID! }
      `),
    );
    expect(problems).toEqual(['C.trial returns T, which some callers of C.trial may not read, so it must be nullable']);
  });
});

describe('the @rowRule directive of schema/policy.graphql', () => {
  const policySdl = readFileSync(policySdlPath, 'utf8');
  const subgraph = (rowRule: string) => ({
    name: 'a',
    url: 'http://a.invalid',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes", "@composeDirective"])
      type Query { a: Int @requiresScopes(scopes: [["agency:SSOIU"]]) ${rowRule} }
      ${policySdl}
    `),
  });
  const compositionErrors = (rowRule: string) =>
    composition.composeServices([subgraph(rowRule)]).errors?.map((error) => error.message) ?? [];

  it('composes with a known agency and condition, and keeps its enums out of the API schema', () => {
    const result = composition.composeServices([subgraph('@rowRule(agency: SSOIU, condition: SAME_PROVINCE)')]);
    expect(result.errors).toBeUndefined();
    const api = result.schema!.toAPISchema();
    expect([api.directive('rowRule'), api.type('access__RowRuleAgency'), api.type('access__RowCondition')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('leaves a misspelt agency or condition to GraphQL validation: composition refuses it', () => {
    expect(compositionErrors('@rowRule(agency: SSOIU, condition: NEARBY)')).toEqual([
      '[a] Invalid value for "@rowRule(condition:)" of type "access__RowCondition!" in application of "@rowRule" to "Query.a".',
    ]);
    expect(compositionErrors('@rowRule(agency: FIA, condition: SAME_PROVINCE)')).toEqual([
      '[a] Invalid value for "@rowRule(agency:)" of type "access__RowRuleAgency!" in application of "@rowRule" to "Query.a".',
    ]);
    expect(compositionErrors('@rowRule(agency: SSOIU)')).toEqual([
      '[a] Directive "@rowRule" argument "condition" of type "access__RowCondition!" is required, but it was not provided.',
    ]);
  });

  it('knows the row conditions the code enforces, and every agency but PUBLIC', () => {
    const values = (name: string) =>
      (
        parse(policySdl).definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name)
          ?.values ?? []
      ).map((v) => v.name.value);
    expect(values('access__RowCondition')).toEqual([...ROW_CONDITIONS]);
    expect(values('access__RowRuleAgency')).toEqual(AGENCIES.filter((agency) => agency !== 'PUBLIC'));
  });
});
