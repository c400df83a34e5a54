import { keepsAuditTrail } from '#audit';
import { createEnforcement, createStatedPurposeCheck, type EnforcementContext, type EnforcementState, type RowScope } from '#policy';
import type { SubgraphContext } from '../context.ts';
import type { SubgraphPart } from '../part.ts';

/** What resolvers read of the policy on a request's context. */
export interface RowScopeContext {
  /** For list queries: which rows of a type the viewer may see, from the type's rule in the SDL. */
  rowScope: (typeName: string) => RowScope;
  /** STATED_PURPOSE: whether the stated case is one the viewer is assigned to (asked once per request). */
  statedPurposeHolds: () => Promise<boolean>;
}

/** What the enforcement part adds to a request's context: what resolvers read, and the state its rules keep for the request. */
export interface EnforcedContext extends RowScopeContext {
  enforcement: EnforcementState;
}

/** Options of {@link enforcement}. */
export interface EnforcementPartOptions {
  /** Whether refusals are written to the subgraph's audit trail; default: when it keeps one. */
  auditDenials?: boolean;
  /** How long the subgraph that answers stated purposes may take, ms; default 5 s. */
  statedPurposeTimeoutMs?: number;
}

/**
 * The access policy (DESIGN section 4) in the subgraph: every field guarded
 * by the rule its SDL directives give it, deny by default (#policy,
 * graphql-shield), lists narrowed to the rows the viewer may see, and
 * STATED_PURPOSE asked of the subgraph the definition names. Left out, the
 * schema is served unguarded and every row is in scope: only for measuring
 * what enforcement costs and for tests of resolver logic alone; production
 * refuses to start without it.
 */
export function enforcement(options: EnforcementPartOptions = {}): SubgraphPart {
  return {
    name: 'enforcement',
    setup: ({ definition, typeDefs, schema, signing, env, logger }) => {
      const auditDenials = options.auditDenials ?? keepsAuditTrail(definition.database.entities);
      const policy = createEnforcement<SubgraphContext<unknown> & EnforcementContext>(schema, {
        typeDefs,
        rows: definition.rows,
        auditDenials,
      });
      const { statedPurposeUrl } = definition;
      const checkStatedPurpose = statedPurposeUrl
        ? createStatedPurposeCheck({
            assignmentsUrl: () => statedPurposeUrl(env),
            signing,
            logger,
            timeoutMs: options.statedPurposeTimeoutMs,
          })
        : async () => false;
      return {
        schema: policy.schema,
        context: ({ viewer, purpose, requestId }): EnforcedContext => {
          const state = policy.requestState(viewer);
          let purposeHolds: Promise<boolean> | undefined;
          return {
            enforcement: state,
            rowScope: (typeName) => policy.rowScope(typeName, viewer, state),
            statedPurposeHolds: () => (purposeHolds ??= checkStatedPurpose(viewer, purpose, requestId)),
          };
        },
      };
    },
  };
}
