import type { DocumentNode } from 'graphql';
import type { Viewer } from '#identity';
import { type AccessRule, fieldAccessOf, rowConditionHolds, type StoredRow } from '#policy';

/**
 * The rules of a subgraph's mutation fields, read from its SDL like every
 * other field's (`@requiresScopes` + `@rowRule`). The agency part is
 * enforced before the resolver runs (shield in the subgraph, the policy
 * filter in the gateway); the row part is the mutation's to check, against
 * the stored row it loads, with the same conditions reads use.
 */
export function mutationRulesOf(typeDefs: DocumentNode): ReadonlyMap<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const access of fieldAccessOf(typeDefs)) if (access.type === 'Mutation' && access.rule) rules.set(access.field, access.rule);
  return rules;
}

/**
 * Whether the viewer may touch the stored row under the mutation's rule: the
 * row condition its agency's @rowRule names, or none. The agency part has
 * been checked before the resolver ran; a rule that does not admit the
 * agency at all admits no row either.
 */
export async function mayTouch(rule: AccessRule, viewer: Viewer, row: StoredRow): Promise<boolean> {
  if (!rule.scopes.some((alternative) => alternative.includes(`agency:${viewer.agency}`))) return false;
  const condition = rule.rows[viewer.agency];
  return condition ? rowConditionHolds(condition, row, viewer) : true;
}
