import { getNullableType, isObjectType, type GraphQLSchema } from 'graphql';
import type { AccessRule, FieldAccess } from './access-rules.ts';

/**
 * A root field that looks one row up (`case(id:)`, `trialByCaseNumber(caseNumber:)`):
 * it takes arguments and returns a single object of a type with a rule of its
 * own, not @public. A row that rule refuses the caller is out of their reach.
 */
export interface Lookup {
  field: string;
  /** The type of the row it returns. */
  returns: string;
  /** The type's own rule (its `@requiresScopes` and `@rowRule`). */
  typeRule: AccessRule;
}

/** The subgraph's lookups, read from its schema and its policy. */
export function lookupsOf(schema: GraphQLSchema, fields: readonly FieldAccess[]): Lookup[] {
  const query = schema.getQueryType();
  if (!query) return [];
  const typeRules = new Map(fields.filter((access) => access.ofType).map((access) => [access.type, access.ofType!]));
  return Object.values(query.getFields()).flatMap((field) => {
    const returned = getNullableType(field.type);
    if (!isObjectType(returned) || field.args.length === 0) return [];
    const typeRule = typeRules.get(returned.name);
    return typeRule && !typeRule.public ? [{ field: field.name, returns: returned.name, typeRule }] : [];
  });
}
