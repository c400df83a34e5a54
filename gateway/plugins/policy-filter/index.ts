import { createHash } from 'node:crypto';
import { Kind, print, visit, type DocumentNode } from 'graphql';
import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContextDidResolveOperation,
  type GraphQLRequestListener,
} from '@apollo/server';
import { type Logger, refusedByOperationLimits } from '#service';
import type { GatewayContext } from '../../context.ts';
import {
  compilePolicy,
  filterOperation,
  type CompiledPolicy,
  type FilterRequest,
  type FilteredOperation,
  type UnauthorizedField,
} from './filter-operation.ts';
import { applyNullWrites, unauthorizedErrors } from './response.ts';

const POLICY_MODES = ['filter', 'reject', 'dry-run'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** Options of {@link policyFilterPlugin}. */
interface PolicyFilterOptions {
  /**
   * What to do with fields the caller may never read (as Apollo Router offers):
   * - `filter` (default): take them out before planning, answer each null with an
   *   `UNAUTHORIZED_FIELD_OR_TYPE` error at its path, and still return the rest;
   * - `reject`: refuse the whole operation (HTTP 403, `data: null`, one error per path), executing nothing;
   * - `dry-run`: take nothing out; log the paths and report them in `extensions.policy`.
   */
  mode?: PolicyMode;
  /** The core supergraph SDL: the rules are read from its `@requiresScopes` and `@public`. */
  supergraphSdl: string;
  logger?: Logger;
  /** Records the fields refused (in `filter` and `reject` modes) on the owning subgraphs' trails; waited for. */
  recordRefusals?: (context: GatewayContext, coordinates: readonly string[]) => Promise<void>;
}

/** What the plugin decided for one operation, kept by the request's listener for its later hooks. */
export interface PolicyOutcome {
  mode: PolicyMode;
  /** Fields the caller may never read, one per path (Apollo Router's convention: `@` for list items). */
  unauthorized: readonly UnauthorizedField[];
}

/** `POLICY_MODE` (default `filter`); anything else fails the start. */
export function policyModeFromEnv(env: NodeJS.ProcessEnv = process.env): PolicyMode {
  const mode = env.POLICY_MODE || 'filter';
  if (!(POLICY_MODES as readonly string[]).includes(mode))
    throw new Error(`POLICY_MODE must be one of ${POLICY_MODES.join(', ')}, got "${mode}"`);
  return mode as PolicyMode;
}

/**
 * The gateway's enforcement of the agency part of the access policy, before
 * query planning: from the supergraph's `@requiresScopes` (and `@public`),
 * every field the caller's scopes can never read is taken out of the
 * operation, so no subgraph is asked for it. Row conditions are left to the
 * subgraph that owns the row.
 *
 * Apollo Server hands the gateway `requestContext.document` and
 * `queryHash` after `didResolveOperation` (makeGatewayGraphQLRequestContext),
 * and Apollo Gateway plans from that document and caches the plan under that
 * hash; so the filtered document replaces the client's there, under a hash
 * of its own text: one plan per distinct filtered document, whatever the
 * scopes that produced it. `responseForOperation` answers, without planning,
 * when nothing readable is left (or in `reject` mode); `willSendResponse`
 * writes the nulls and the errors.
 */
export function policyFilterPlugin(options: PolicyFilterOptions): ApolloServerPlugin<GatewayContext> {
  const { mode = 'filter', supergraphSdl, logger, recordRefusals } = options;
  const filter = memoized(compilePolicy(supergraphSdl));

  return {
    async requestDidStart(): Promise<GraphQLRequestListener<GatewayContext>> {
      // This request's decision: the listener is the request's own.
      let outcome: (PolicyOutcome & { filtered: FilteredOperation }) | undefined;
      return {
        async didResolveOperation(requestContext) {
          const { viewer, requestId } = requestContext.contextValue;
          // Refused by the operation limits (their hook of this stage runs first): nothing to filter or record.
          if (refusedByOperationLimits(requestContext.contextValue)) return;
          const filtered = filter({
            document: requestContext.document,
            operationName: requestContext.request.operationName,
            variables: requestContext.request.variables,
            scopes: viewer.scopes,
          });
          if (!filtered || filtered.unauthorized.length === 0) return;
          outcome = { mode, unauthorized: filtered.unauthorized, filtered };
          const paths = filtered.unauthorized.map(({ path }) => path.join('.'));
          const where = { requestId, agency: viewer.agency, operationName: requestContext.operationName, mode, unauthorized: paths };
          // In dry-run nothing is refused here: the subgraphs refuse, and record, each value themselves.
          if (mode !== 'dry-run')
            await recordRefusals?.(
              requestContext.contextValue,
              filtered.unauthorized.map(({ coordinate }) => coordinate),
            );
          if (mode === 'dry-run') logger?.info(where, 'policy dry run: the caller may not read these fields');
          else if (mode === 'reject') logger?.info(where, 'policy: operation rejected, it asks for fields the caller may not read');
          else {
            logger?.debug(where, 'policy: fields the caller may not read taken out before planning');
            if (!filtered.nothingLeft) planFrom(requestContext, filtered.document, filtered.operation, filtered.queryHash);
          }
        },

        async responseForOperation() {
          if (outcome?.mode === 'reject') {
            return {
              http: { status: 403, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data: null, errors: unauthorizedErrors(outcome.unauthorized) } },
            };
          }
          if (outcome?.mode === 'filter' && outcome.filtered.nothingLeft) {
            // Every root field the caller asked for is one it may not read: no subgraph is called.
            const placeholders = Object.fromEntries(
              outcome.filtered.nullWrites.filter(({ path }) => path.length === 1).map(({ path }) => [path[0]!, true]),
            );
            const data = applyNullWrites(placeholders, outcome.filtered.nullWrites) as Record<string, unknown> | null;
            return {
              http: { status: 200, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data, errors: unauthorizedErrors(outcome.unauthorized) } },
            };
          }
          return null;
        },

        async willSendResponse(requestContext) {
          const { body } = requestContext.response;
          if (
            !outcome ||
            body.kind !== 'single' ||
            outcome.mode === 'reject' ||
            (outcome.mode === 'filter' && outcome.filtered.nothingLeft)
          )
            return;
          const result = body.singleResult;
          if (outcome.mode === 'dry-run') {
            result.extensions = {
              ...result.extensions,
              policy: { mode: 'dry-run', unauthorized: outcome.unauthorized.map(({ path }) => path) },
            };
            return;
          }
          if (result.data)
            result.data = applyNullWrites(result.data, outcome.filtered.nullWrites, outcome.filtered.typeMarkers) as Record<
              string,
              unknown
            > | null;
          result.errors = [...(result.errors ?? []), ...unauthorizedErrors(outcome.unauthorized)];
        },
      };
    },
  };
}

/**
 * Makes Apollo Gateway plan (and cache the plan of) the filtered document.
 * Apollo Server types these fields read-only for plugins; it reads them again
 * only to build the gateway's request context, after this hook.
 */
function planFrom(
  requestContext: GraphQLRequestContextDidResolveOperation<GatewayContext>,
  document: DocumentNode,
  operation: FilteredOperation['operation'],
  queryHash: string,
) {
  const writable = requestContext as { -readonly [K in 'document' | 'operation' | 'queryHash']: (typeof requestContext)[K] };
  writable.document = document;
  writable.operation = operation;
  writable.queryHash = queryHash;
}

type Filtered = FilteredOperation & { queryHash: string };

/** Results kept per document and operation: more scope sets and @skip/@include combinations than real clients send. */
const RESULTS_PER_DOCUMENT = 64;

/**
 * The filtering of one document depends only on the operation, the caller's
 * scopes and the variables its @skip/@include read; Apollo Server hands back
 * the same parsed document for the same query text (its document store), so
 * results are kept per document object and go when it does.
 */
function memoized(policy: CompiledPolicy) {
  const byDocument = new WeakMap<DocumentNode, { conditionVariables: string[]; results: Map<string, Filtered | null> }>();
  return (request: FilterRequest): Filtered | null => {
    let entry = byDocument.get(request.document);
    if (!entry) {
      entry = { conditionVariables: conditionVariablesOf(request.document), results: new Map() };
      byDocument.set(request.document, entry);
    }
    const key = JSON.stringify([
      request.operationName ?? null,
      [...new Set(request.scopes)].sort(),
      entry.conditionVariables.map((name) => (request.variables && name in request.variables ? request.variables[name] : { absent: true })),
    ]);
    if (entry.results.has(key)) return entry.results.get(key)!;
    const filtered = filterOperation(policy, request);
    const result = filtered && {
      ...filtered,
      queryHash: filtered.unauthorized.length ? createHash('sha256').update(print(filtered.document)).digest('hex') : '',
    };
    if (entry.results.size >= RESULTS_PER_DOCUMENT) entry.results.delete(entry.results.keys().next().value!);
    entry.results.set(key, result);
    return result;
  };
}

/** Names of the variables any @skip/@include of the document reads. */
function conditionVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(directive) {
      if (directive.name.value !== 'skip' && directive.name.value !== 'include') return;
      for (const argument of directive.arguments ?? []) if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names].sort();
}
