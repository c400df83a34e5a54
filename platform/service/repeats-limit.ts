import { type ASTVisitor, type DirectiveNode, GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Field duplication and directive overloading (graphql-cop's "Field
 * Duplication", 500 `__typename` in one selection, and "Directive
 * Overloading", ten `@aa` on one field): one field written again and again
 * in the same selection set, or one directive again and again on the same
 * field, gains a client nothing (GraphQL merges the fields; a directive that
 * is not `repeatable` may appear once), yet each costs graphql-js's
 * validation, quadratically for fields it merges. graphql-armor has no rule
 * for either, hence this one: the most times one response key is written in
 * one selection set, or one directive on one node, is held to `limit`, and
 * one error in armor's words says by how much.
 */
export function maxRepeatsRule(limit: number): ValidationRule {
  return (context) => {
    let found = 0;
    const most = (names: Iterable<string>) => {
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      for (const count of counts.values()) found = Math.max(found, count);
    };
    const visitor: ASTVisitor = {
      SelectionSet(node: SelectionSetNode) {
        most(node.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [(selection.alias ?? selection.name).value] : [])));
      },
      enter(node) {
        const directives = (node as { directives?: readonly DirectiveNode[] }).directives;
        if (directives && directives.length > 1) most(directives.map((directive) => directive.name.value));
      },
      Document: {
        leave() {
          if (found > limit) context.reportError(new GraphQLError(`Repeats limit of ${limit} exceeded, found ${found}.`));
        },
      },
    };
    return visitor;
  };
}
