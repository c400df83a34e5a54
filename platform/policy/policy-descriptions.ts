import { type DocumentNode, type FieldDefinitionNode, Kind, type StringValueNode, visit } from 'graphql';
import { AGENCIES } from '#reference-data';
import { accessFor } from './access-matrix.ts';
import { type AccessRule, ruleOf } from './access-rules.ts';

/**
 * A rule in words, for a field's description: "Who may read: ARCC: own cell;
 * SSOIU: same province; NPB." (a mutation: "Who may call: ..."): each agency
 * the rule admits, with its row condition and roles as the access matrix words
 * them, the agency alone where it has neither.
 */
export function policySentence(rule: AccessRule | null, verb: 'read' | 'call'): string {
  const who = `Who may ${verb}:`;
  if (!rule) return `${who} nobody.`;
  if (rule.public) return `${who} anyone, with or without a token.`;
  const admitted = AGENCIES.map((agency) => [agency, accessFor(rule, agency)] as const).filter(([, access]) => access !== '–');
  if (admitted.length === 0) return `${who} nobody.`;
  const words = (access: string) => access.replace(/^yes(, )?/, '');
  return `${who} ${admitted.map(([agency, access]) => (words(access) ? `${agency}: ${words(access)}` : agency)).join('; ')}.`;
}

/**
 * The sentence on a line of its own at the end of the description's first
 * paragraph: GraphiQL's docs, listing a type's fields, show each field's
 * first paragraph only, and a developer should see the policy there too.
 */
function withSentence(description: string, sentence: string): string {
  const [first = '', ...rest] = description.trim().split(/\n\s*\n/);
  return [`${first}\n${sentence}`, ...rest].join('\n\n');
}

/**
 * The schema with each object field's description saying its policy
 * ({@link policySentence}), read from the same directives the gateway and
 * the subgraphs enforce (the field's own rule, else its type's), so a
 * developer reading the schema's docs sees who may read each field.
 */
export function withPolicyInDescriptions(document: DocumentNode): DocumentNode {
  const describe = (type: string, directives: Parameters<typeof ruleOf>[0]) => {
    const ofType = ruleOf(directives);
    return (field: FieldDefinitionNode): FieldDefinitionNode => {
      const sentence = policySentence(ruleOf(field.directives ?? []) ?? ofType, type === 'Mutation' ? 'call' : 'read');
      const description: StringValueNode = {
        kind: Kind.STRING,
        value: field.description ? withSentence(field.description.value, sentence) : sentence,
        block: true,
      };
      return { ...field, description };
    };
  };
  return visit(document, {
    ObjectTypeDefinition: (node) => ({ ...node, fields: node.fields?.map(describe(node.name.value, node.directives ?? [])) }),
    ObjectTypeExtension: (node) => ({ ...node, fields: node.fields?.map(describe(node.name.value, node.directives ?? [])) }),
  });
}
