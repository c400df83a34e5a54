import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { accessFor } from './access-matrix.ts';
import { fieldAccessOf, policyProblems } from './access-rules.ts';

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
        type A @requiresScopes(scopes: [["agency:NPB"], ["agency:SSOIU"]]) @rowRule(rules: ["SSOIU:SAME_PROVINCE"]) {
          id: ID!
          same: String! @requiresScopes(scopes: [["agency:SSOIU"], ["agency:NPB"]]) @rowRule(rules: ["SSOIU:SAME_PROVINCE"])
          narrower: String! @requiresScopes(scopes: [["agency:NPB"]])
          narrowerRow: String! @requiresScopes(scopes: [["agency:NPB"], ["agency:SSOIU"]]) @rowRule(rules: ["SSOIU:ASSIGNED"])
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
          c: Int @requiresScopes(scopes: [["agency:NPB"]]) @rowRule(rules: ["SSOIU:SAME_PROVINCE"])
          d: Int @requiresScopes(scopes: [["agency:NPB"]]) @rowRule(rules: ["NPB:NEARBY"])
          e: Int @public @requiresScopes(scopes: [["agency:NPB"]])
          f: Int @requiresScopes(scopes: [["agency:PUBLIC"]])
        }
      `),
    );
    expect(problems).toEqual([
      'Query.a: unknown scope "agency:FIA"',
      'Query.b: scope alternative [role:clerk] must name exactly one agency',
      'Query.c: row rule "SSOIU:SAME_PROVINCE" names an agency its @requiresScopes does not admit',
      'Query.d: row rule "NPB:NEARBY" is not AGENCY:OWN_CELL|SAME_PROVINCE|ASSIGNED|STATED_PURPOSE',
      'Query.e: @public cannot be combined with @requiresScopes or @rowRule',
      'Query.f: unknown scope "agency:PUBLIC"',
    ]);
  });

  it('leaves out reference stubs a subgraph does not serve', () => {
    const fields = fieldAccessOf(sdl('type CrisisCell @key(fields: "id", resolvable: false) { id: ID! }'));
    expect(fields).toEqual([]);
  });

  it('words each agency\'s access the way DESIGN section 4 does', () => {
    const [counselling] = fieldAccessOf(
      sdl('type Case { counselling: Int @requiresScopes(scopes: [["agency:ARCC", "role:counsellor"]]) @rowRule(rules: ["ARCC:OWN_CELL"]) }'),
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
