/**
 * What the gateway knows of its subgraphs, it reads from the committed
 * supergraph: each `join__Graph` value names a subgraph and the URL it was
 * composed with (its default address); `<NAME>_URL`, `<NAME>_HOST`,
 * `<NAME>_PORT` and GRAPHQL_PATH move it, as they move the subgraph itself.
 */
import { readFileSync } from 'node:fs';
import { type ConstDirectiveNode, type DocumentNode, Kind, parse, print } from 'graphql';
import { withPolicyInDescriptions } from '#policy';
import { serviceUrl } from '#service';

export const SUPERGRAPH_PATH = new URL('../schema/supergraph.graphql', import.meta.url);

export interface Supergraph {
  sdl: string;
  document: DocumentNode;
  /** `join__Graph` enum value → the subgraph's name and composed URL. */
  graphs: ReadonlyMap<string, { name: string; url: string }>;
}

export function readSupergraph(path: URL = SUPERGRAPH_PATH): Supergraph {
  const sdl = readFileSync(path, 'utf8');
  const document = parse(sdl);
  const graphs = new Map<string, { name: string; url: string }>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = stringArgument(directive, 'name');
      const url = stringArgument(directive, 'url');
      if (name && url) graphs.set(value.name.value, { name, url });
    }
  }
  return { sdl, document, graphs };
}

/** Where a subgraph is reached: `<NAME>_URL`, else its host and port from the environment, else as composed. */
export function subgraphAddress(composedUrl: string, name: string, env: NodeJS.ProcessEnv): string {
  const composed = new URL(composedUrl);
  return serviceUrl(name, Number(composed.port), env);
}

export function stringArgument(directive: ConstDirectiveNode | undefined, name: string): string | undefined {
  const value = directive?.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/**
 * What Apollo Gateway is handed: the committed supergraph, each field's
 * description ending in its policy (so the schema the explorer shows says who
 * may read each field), and the purpose marker below removed.
 *
 * Apollo Gateway refuses a supergraph that links a feature `for: SECURITY` it
 * does not itself enforce (only Apollo Router enforces `@requiresScopes`).
 * This gateway enforces the agency part itself (plugins/policy-filter reads
 * the directives from the committed supergraph) and the subgraphs own the row
 * part, so Apollo Gateway is handed the same supergraph with that purpose
 * marker removed: the directives stay. Apollo Gateway has no option for this;
 * the one textual edit of the supergraph lives here.
 */
export function supergraphForApolloGateway(supergraph: Supergraph): string {
  return print(withPolicyInDescriptions(supergraph.document)).replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/requiresScopes\/v[\d.]+"), for: SECURITY\)/,
    '$1)',
  );
}
