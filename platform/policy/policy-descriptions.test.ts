import { buildASTSchema, type GraphQLObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type FieldAccess, fieldAccessOf } from './access-rules.ts';
import { policySentence, withPolicyInDescriptions } from './policy-descriptions.ts';

const DIRECTIVES = `
  directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | FIELD_DEFINITION
  directive @rowRule(agency: String!, condition: String!) repeatable on OBJECT | FIELD_DEFINITION
  directive @public on OBJECT | FIELD_DEFINITION
`;

describe('the policy in the schema docs', () => {
  it('says each agency a rule admits with its row condition and roles, and the agency alone where it has neither', () => {
    const [{ rule }] = fieldAccessOf(
      parse(`type T @requiresScopes(scopes: [["agency:ARCC", "role:counsellor"], ["agency:SSOIU"], ["agency:NPB"]])
        @rowRule(agency: ARCC, condition: OWN_CELL) @rowRule(agency: SSOIU, condition: SAME_PROVINCE) { a: Int }`),
    ) as [FieldAccess];
    expect(policySentence(rule, 'read')).toBe('Who may read: ARCC: own cell, role counsellor; SSOIU: same province; NPB.');
    expect(policySentence(rule, 'call')).toMatch(/^Who may call: /);
    expect(policySentence(null, 'read')).toBe('Who may read: nobody.');
    expect(policySentence({ public: true, scopes: [], rows: {}, problems: [] }, 'read')).toBe(
      'Who may read: anyone, with or without a token.',
    );
  });

  it("adds it to every field's description, the field's own rule else its type's, mutations as who may call", () => {
    const document = withPolicyInDescriptions(
      parse(`${DIRECTIVES}
        type Query {
          "Finds a case."
          case(id: ID!): Case @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]])
          cells: Int @public
        }
        type Case @requiresScopes(scopes: [["agency:ARCC"], ["agency:SSOIU"]]) @rowRule(agency: ARCC, condition: OWN_CELL) {
          id: ID!
          """
          The survivor.

          Their identity.
          """
          survivor: String @requiresScopes(scopes: [["agency:ARCC"]]) @rowRule(agency: ARCC, condition: OWN_CELL)
        }
        type Mutation { registerFir: Int @requiresScopes(scopes: [["agency:SSOIU"]]) @rowRule(agency: SSOIU, condition: SAME_PROVINCE) }
      `),
    );
    const schema = buildASTSchema(document);
    const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name]!.description;
    expect(field('Query', 'case')).toBe('Finds a case.\nWho may read: ARCC; SSOIU.');
    expect(field('Query', 'cells')).toBe('Who may read: anyone, with or without a token.');
    expect(field('Case', 'id')).toBe('Who may read: ARCC: own cell; SSOIU.');
    // At the end of the first paragraph, which GraphiQL's list of a type's fields shows.
    expect(field('Case', 'survivor')).toBe('The survivor.\nWho may read: ARCC: own cell.\n\nTheir identity.');
    expect(field('Mutation', 'registerFir')).toBe('Who may call: SSOIU: same province.');
  });
});
