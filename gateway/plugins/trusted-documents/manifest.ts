/**
 * The two manifest formats a front-end registers its operations in, read and
 * checked here, and the one `npm run trusted-documents` writes:
 *
 * - GraphQL Code Generator's client preset (`persistedDocuments: true`):
 *   `persisted-documents.json`, an object `{ "<sha256 of the document>": "<document>" }`;
 * - Apollo's persisted-query manifest (`@apollo/generate-persisted-query-manifest`,
 *   and what Apollo Router reads): `{ "format": "apollo-persisted-query-manifest",
 *   "version": 1, "operations": [{ "id", "name", "type", "body" }] }`.
 *
 * An id is the SHA-256 of its document's exact text, in hexadecimal, as both
 * tools and automatic persisted queries compute it, so a document is trusted
 * byte for byte and no manifest can give a registered id another body.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GraphQLError, Kind, parse } from 'graphql';
import { StartupRefusal } from '#service';

/** One registered document. */
export interface TrustedDocument {
  /** SHA-256 of `body`, lowercase hexadecimal: the id a client sends. */
  id: string;
  body: string;
  /** The operation's name, where the manifest gives it (Apollo's does; an anonymous operation's is empty). */
  name?: string;
  /** The manifest that registered it. */
  manifest: string;
}

export const APOLLO_MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

export interface ApolloManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface ApolloPersistedQueryManifest {
  format: typeof APOLLO_MANIFEST_FORMAT;
  version: 1;
  operations: ApolloManifestOperation[];
}

const OPERATION_TYPES: readonly string[] = ['query', 'mutation', 'subscription'];
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** The id of a document: the SHA-256 of its exact text, lowercase hexadecimal. */
export const documentIdOf = (body: string): string => createHash('sha256').update(body).digest('hex');

/** Whether a string is written as an id is (64 hexadecimal digits, either case). */
export const isDocumentId = (value: unknown): value is string => typeof value === 'string' && SHA256_HEX.test(value);

/** A manifest that cannot be trusted: said in one line naming it, and the gateway does not start. */
export class ManifestRefused extends StartupRefusal {
  constructor(manifest: string, problem: string) {
    super(`trusted documents: ${manifest}: ${problem}`);
  }
}

/**
 * The documents of one manifest, in either format, each checked: its id the
 * SHA-256 of its body, its body an executable GraphQL document (operations and
 * fragments, at least one operation). `manifest` names it in a refusal.
 */
export function documentsOfManifest(text: string, manifest: string): TrustedDocument[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestRefused(manifest, `not JSON (${(error as Error).message})`);
  }
  if (!isRecord(json)) throw new ManifestRefused(manifest, 'expected a JSON object');
  const apollo = 'format' in json;
  const entries = apollo ? apolloEntries(json, manifest) : codegenEntries(json, manifest);
  return entries.map(({ id, body, name }) => {
    const where = name ? `operation "${name}" (${id})` : `document ${id}`;
    if (!isDocumentId(id))
      throw new ManifestRefused(
        manifest,
        `${where}: an id must be a SHA-256 hash, 64 hexadecimal digits${apollo ? '' : " (the client preset hashes with SHA-1 unless its persistedDocuments.hashAlgorithm is 'sha256')"}`,
      );
    if (documentIdOf(body) !== id.toLowerCase())
      throw new ManifestRefused(manifest, `${where}: the id is not the SHA-256 of its body (was the manifest edited by hand?)`);
    const problem = executableProblem(body);
    if (problem) throw new ManifestRefused(manifest, `${where}: ${problem}`);
    return { id: id.toLowerCase(), body, ...(name !== undefined ? { name } : {}), manifest };
  });
}

/** Client preset: every key an id, every value its document. */
function codegenEntries(json: Record<string, unknown>, manifest: string) {
  return Object.entries(json).map(([id, body]) => {
    if (typeof body !== 'string') throw new ManifestRefused(manifest, `document ${id}: its value must be the document's text`);
    return { id, body, name: undefined };
  });
}

function apolloEntries(json: Record<string, unknown>, manifest: string) {
  if (json.format !== APOLLO_MANIFEST_FORMAT)
    throw new ManifestRefused(manifest, `unknown format ${JSON.stringify(json.format)} (expected "${APOLLO_MANIFEST_FORMAT}")`);
  if (json.version !== 1) throw new ManifestRefused(manifest, `unsupported version ${JSON.stringify(json.version)} (expected 1)`);
  if (!Array.isArray(json.operations)) throw new ManifestRefused(manifest, '"operations" must be an array');
  return json.operations.map((operation: unknown, i) => {
    const { id, name, type, body } = isRecord(operation) ? operation : {};
    if (typeof id !== 'string' || typeof name !== 'string' || typeof body !== 'string' || !OPERATION_TYPES.includes(type as string))
      throw new ManifestRefused(
        manifest,
        `operations[${i}]: expected { id, name, type, body } with type one of ${OPERATION_TYPES.join(', ')}, and the rest strings`,
      );
    return { id, body, name };
  });
}

/** Why a body cannot be run as an operation document, or undefined when it can. */
function executableProblem(body: string): string | undefined {
  let definitions: readonly { kind: Kind }[];
  try {
    ({ definitions } = parse(body, { noLocation: true }));
  } catch (error) {
    return `its body is not a GraphQL document (${error instanceof GraphQLError ? error.message : String(error)})`;
  }
  const other = definitions.find((d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION);
  if (other) return `its body holds a definition of kind ${other.kind}: only operations and fragments can be registered`;
  if (!definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) return 'its body holds no operation';
  return undefined;
}

/**
 * Every document of the manifests at these paths, by id: a path is a manifest
 * file or a folder whose `*.json` files each are one. A manifest that cannot
 * be read or trusted refuses them all ({@link ManifestRefused}).
 */
export function readManifests(paths: readonly string[]): Map<string, TrustedDocument> {
  const documents = new Map<string, TrustedDocument>();
  for (const file of paths.flatMap(manifestFiles)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ManifestRefused(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    // The same id in two manifests is the same document (the id is its hash): the first keeps it.
    for (const document of documentsOfManifest(text, file)) if (!documents.has(document.id)) documents.set(document.id, document);
  }
  return documents;
}

function manifestFiles(location: string): string[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(location).isDirectory();
  } catch (error) {
    throw new ManifestRefused(location, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!isFolder) return [location];
  return readdirSync(location)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(location, name));
}

/** An Apollo persisted-query manifest of these operations, each with its id. */
export function apolloManifest(operations: readonly Omit<ApolloManifestOperation, 'id'>[]): ApolloPersistedQueryManifest {
  return {
    format: APOLLO_MANIFEST_FORMAT,
    version: 1,
    operations: operations.map(({ name, type, body }) => ({ id: documentIdOf(body), name, type, body })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
