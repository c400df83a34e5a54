/**
 * The operations a front-end registers, from its GraphQL sources (what
 * `npm run trusted-documents` reads): each operation becomes one persisted
 * operation, as the GraphQL-over-HTTP persisted-documents appendix defines
 * it, the operation and every fragment it spreads (recursively), printed by
 * graphql-js, so the same operation gets the same id however it was written.
 */
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import type { ApolloManifestOperation } from './manifest.ts';

/** One GraphQL source: a `.graphql` file, or one ```graphql block of a Markdown file. */
export interface OperationSource {
  /** How a problem names it: a file, or `FILE:LINE` for a Markdown block. */
  name: string;
  text: string;
  /** Lines before the source in its file (a Markdown block's), so a problem names the file's own line. */
  lineOffset?: number;
  /**
   * A whole document a client sends as written (a page's module): registered byte for byte, not printed,
   * so the text the page sends is the registered one. It must hold one operation and spread no fragment.
   */
  exact?: boolean;
}

/** A source that cannot be registered: one line naming where and why. */
export class OperationSourceRefused extends Error {}

/** The ```graphql blocks of a Markdown text, each a source named `FILE:LINE` (the block's first line). */
export function markdownSources(file: string, markdown: string): OperationSource[] {
  const sources: OperationSource[] = [];
  for (const match of markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)) {
    const lineOffset = markdown.slice(0, match.index).split('\n').length;
    sources.push({ name: `${file}:${lineOffset + 1}`, text: match[1]!, lineOffset });
  }
  return sources;
}

/**
 * Each operation of the sources, with the fragments it spreads from any of
 * them. Refused ({@link OperationSourceRefused}): a source that does not parse,
 * holds anything but operations and fragments, or an anonymous operation
 * beside another; two operations or fragments of one name; a fragment spread
 * that no source defines. An anonymous operation, alone in its source, is
 * registered with an empty name.
 */
export function operationsOf(sources: readonly OperationSource[]): Omit<ApolloManifestOperation, 'id'>[] {
  const operations: { operation: OperationDefinitionNode; source: OperationSource }[] = [];
  const fragments = new Map<string, { fragment: FragmentDefinitionNode; source: OperationSource }>();
  const operationSources = new Map<string, OperationSource>();
  for (const source of sources) {
    const document = parseSource(source);
    const own = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const name = definition.name.value;
        const earlier = fragments.get(name);
        if (earlier) refuse(source, definition, `fragment ${name} is also defined in ${earlier.source.name}`);
        fragments.set(name, { fragment: definition, source });
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = definition.name?.value;
        if (!name && own.length > 1) refuse(source, definition, 'an anonymous operation must be alone in its document: name it');
        const earlier = name ? operationSources.get(name) : undefined;
        if (earlier) refuse(source, definition, `operation ${name} is also defined in ${earlier.name}`);
        if (name) operationSources.set(name, source);
        operations.push({ operation: definition, source });
      } else {
        refuse(source, definition, `${definition.kind} cannot be registered: only operations and fragments`);
      }
    }
  }
  const seen = new Set<string>();
  return operations.flatMap(({ operation, source }) => {
    const used = new Map<string, FragmentDefinitionNode>();
    const collect = (node: DefinitionNode, where: OperationSource) =>
      visit(node, {
        FragmentSpread(spread) {
          const name = spread.name.value;
          if (used.has(name)) return;
          const found = fragments.get(name);
          if (!found) refuse(where, spread, `fragment ${name} is spread but defined in none of the files`);
          used.set(name, found.fragment);
          collect(found.fragment, found.source);
        },
      });
    collect(operation, source);
    if (source.exact && (used.size > 0 || operations.filter((o) => o.source === source).length > 1))
      refuse(source, operation, 'a document registered as written must hold one operation and spread no fragment');
    const definitions = [operation, ...[...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value))];
    const body = source.exact ? source.text : print({ kind: Kind.DOCUMENT, definitions });
    // The same anonymous operation twice (in two Markdown blocks, say) is one document.
    if (seen.has(body)) return [];
    seen.add(body);
    return [{ name: operation.name?.value ?? '', type: operation.operation, body }];
  });
}

function parseSource(source: OperationSource): DocumentNode {
  try {
    return parse(source.text);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const at = error.locations?.[0];
    throw new OperationSourceRefused(`${where(source, at?.line, at?.column)}: ${error.message}`);
  }
}

function refuse(source: OperationSource, node: { loc?: { startToken: { line: number; column: number } } }, problem: string): never {
  throw new OperationSourceRefused(`${where(source, node.loc?.startToken.line, node.loc?.startToken.column)}: ${problem}`);
}

/** `FILE:LINE:COLUMN` in the file's own lines. */
function where(source: OperationSource, line?: number, column?: number): string {
  if (line === undefined) return source.name;
  const file = source.lineOffset === undefined ? source.name : source.name.replace(/:\d+$/, '');
  return `${file}:${line + (source.lineOffset ?? 0)}:${column}`;
}
