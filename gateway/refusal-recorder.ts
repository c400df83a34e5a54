import { Kind, type ConstDirectiveNode } from 'graphql';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { PURPOSE_HEADER } from '#identity';
import { REFUSALS_PATH } from '#audit';
import type { Logger } from '#service';
import type { GatewayContext } from './context.ts';
import type { Supergraph } from './supergraph.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

export interface RefusalRecorderOptions {
  /** The supergraph: which subgraph owns each field is read from its `@join__*` directives. */
  supergraph: Supergraph;
  urlOf: (name: string) => string;
  /** The gateway's subgraph client, which signs every request. */
  fetcher: Fetcher;
  logger?: Logger;
  timeoutMs?: number;
}

/** Records a request's refused fields on the trails of the subgraphs that own them; never fails the request. */
export type RefusalRecorder = (context: GatewayContext, coordinates: readonly string[]) => Promise<void>;

/**
 * Fields the gateway takes out before planning never reach a subgraph, so it
 * reports them to the subgraph that owns each (its REFUSALS_PATH), as the
 * caller (their token, request id and stated purpose), and that subgraph
 * writes the DENIED entries on its own trail. Waited for, so the trail holds
 * them by the time the caller has the answer; a report that fails is logged.
 */
export function createRefusalRecorder(options: RefusalRecorderOptions): RefusalRecorder {
  const owners = fieldOwners(options.supergraph);
  return async ({ viewer, requestId, purpose }, coordinates) => {
    const byOwner = Map.groupBy(
      [...new Set(coordinates)].filter((coordinate) => owners.has(coordinate)),
      (coordinate) => owners.get(coordinate)!,
    );
    await Promise.all(
      [...byOwner].map(async ([owner, fields]) => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
        if (viewer.token) headers.authorization = `Bearer ${viewer.token}`;
        if (purpose) headers[PURPOSE_HEADER] = purpose;
        try {
          const response = await options.fetcher(new URL(REFUSALS_PATH, options.urlOf(owner)).href, {
            method: 'POST',
            headers,
            body: JSON.stringify({ fields }),
            signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
          } as Parameters<Fetcher>[1]);
          if (!response.ok) throw new Error(`${owner} answered ${response.status}`);
        } catch (error) {
          options.logger?.error({ err: error, requestId, owner, fields }, "refusals could not be recorded on the owning subgraph's trail");
        }
      }),
    );
  };
}

/**
 * `Type.field` → the subgraph that resolves it: the graph of its `@join__field`
 * when it has one, else of its type's `@join__type` (the first, for value
 * types every subgraph shares).
 */
export function fieldOwners({ document, graphs }: Supergraph): Map<string, string> {
  const graphOf = (directive: ConstDirectiveNode | undefined) => {
    const argument = directive?.arguments?.find((a) => a.name.value === 'graph');
    return argument?.value.kind === Kind.ENUM ? graphs.get(argument.value.value)?.name : undefined;
  };
  const owners = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeOwner = graphOf(definition.directives?.find((d) => d.name.value === 'join__type'));
    for (const field of definition.fields ?? []) {
      const owner =
        graphOf(field.directives?.find((d) => d.name.value === 'join__field' && d.arguments?.some((a) => a.name.value === 'graph'))) ??
        typeOwner;
      if (owner) owners.set(`${definition.name.value}.${field.name.value}`, owner);
    }
  }
  return owners;
}
