import { type ApolloServerPlugin, type BaseContext, type GraphQLRequest, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode, type TrustedDocumentsMode } from '#service';
import { documentIdOf, isDocumentId, type TrustedDocument } from './manifest.ts';

/** Why an operation was refused, as the refusals are counted. */
export type RefusalReason = 'ad_hoc' | 'unknown_id';

/** Options of {@link trustedDocumentsPlugin}. */
export interface TrustedDocumentsPluginOptions {
  /**
   * - `enforce`: only registered documents run, sent by id or as their exact
   *   text; an unknown id answers `PERSISTED_QUERY_NOT_IN_LIST` (404), any
   *   other text `QUERY_NOT_IN_SAFELIST` (403), before anything is parsed;
   * - `allow`: registered ids run, and ad-hoc operations, with Apollo Server's
   *   automatic persisted queries for the ids of those seen;
   * - `off`: no persisted documents: an id is not looked up, a persisted-query
   *   request answers `PERSISTED_QUERY_NOT_SUPPORTED`.
   */
  mode: TrustedDocumentsMode;
  /** The registered documents, by id. */
  documents: ReadonlyMap<string, TrustedDocument>;
  /** Told of each refusal by `enforce` (its metric). */
  onRefusal?: (reason: RefusalReason) => void;
}

/**
 * Trusted documents at the gateway, as Apollo Router's persisted-query layer
 * does them: a request that names a registered document by id has the
 * document put on it, before Apollo Server resolves its source. The id is
 * read from Apollo's persisted-query extension
 * (`extensions.persistedQuery.sha256Hash`) or from GraphQL over HTTP's
 * `documentId` (`sha256:<hash>`, or the bare hash; in the body or, for a GET,
 * the URL). An id that no manifest holds is left, in `allow`, to Apollo
 * Server's own APQ cache, which answers `PERSISTED_QUERY_NOT_FOUND` until the
 * client sends the text with it.
 */
export function trustedDocumentsPlugin(options: TrustedDocumentsPluginOptions): ApolloServerPlugin<BaseContext> {
  const { mode, documents, onRefusal } = options;
  return {
    async unexpectedErrorProcessingRequest({ error }) {
      // Apollo Server catches what didResolveOperation throws, not what requestDidStart and didResolveSource
      // (the hooks before parsing) do: thrown again from here, it answers with it (its status and headers)
      // instead of a masked 500, as operation-limits does for its token count.
      if (error instanceof TrustedDocumentRefusal) throw error;
    },
    async requestDidStart({ request }) {
      if (mode === 'off') {
        if (request.extensions?.persistedQuery) throw new TrustedDocumentRefusal('notSupported');
        return;
      }
      const sent = sentId(request);
      if (sent && request.query === undefined) {
        const document = documents.get(sent.id);
        if (document) {
          // Apollo Server reads `query` once every requestDidStart has returned (its requestPipeline.ts) and has no
          // other hook before it resolves the source: so the registered text is put on the request here, where
          // Apollo Router puts it too. Apollo then checks it against a persisted-query hash as it would the client's.
          request.query = document.body;
        } else if (mode === 'enforce') {
          onRefusal?.('unknown_id');
          throw new TrustedDocumentRefusal('notInList', sent.id);
        } else if (sent.via === 'documentId') {
          // Apollo's APQ cache knows only its own extension.
          throw new TrustedDocumentRefusal('notFound');
        }
      } else if (sent?.via === 'documentId' && documentIdOf(request.query!) !== sent.id) {
        // Apollo Server checks the same of a persisted-query hash sent with the text.
        throw new TrustedDocumentRefusal('mismatch');
      }
      if (mode !== 'enforce') return;
      return {
        async didResolveSource({ queryHash }) {
          // The hash of the text that will run, however it came: registered, or refused before it is parsed.
          if (documents.has(queryHash)) return;
          onRefusal?.('ad_hoc');
          throw new TrustedDocumentRefusal('notInSafelist');
        },
      };
    },
  };
}

/** The id a request names its document by, if any; a malformed one is refused. */
function sentId(request: GraphQLRequest): { id: string; via: 'persistedQuery' | 'documentId' } | undefined {
  const persisted: unknown = request.extensions?.persistedQuery;
  if (persisted !== undefined && persisted !== null) {
    const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
    if (!isDocumentId(hash)) throw new TrustedDocumentRefusal('malformed', 'extensions.persistedQuery.sha256Hash');
    return { id: hash.toLowerCase(), via: 'persistedQuery' };
  }
  const documentId = documentIdParameter(request);
  if (documentId === undefined) return undefined;
  const hash = typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : undefined;
  if (!isDocumentId(hash)) throw new TrustedDocumentRefusal('malformed', 'documentId');
  return { id: hash.toLowerCase(), via: 'documentId' };
}

/** GraphQL over HTTP's `documentId`: a member of a POST's JSON body, a parameter of a GET's URL (Apollo Server reads neither). */
function documentIdParameter(request: GraphQLRequest): unknown {
  const http = request.http;
  if (!http) return undefined;
  if (http.method === 'GET') return new URLSearchParams(http.search).get('documentId') ?? undefined;
  const body = http.body;
  return typeof body === 'object' && body !== null && 'documentId' in body ? (body as { documentId: unknown }).documentId : undefined;
}

/** As Apollo Server answers a persisted-query error: never cached, since the same request may succeed once the id is known. */
const uncached = () => new HeaderMap([['cache-control', 'private, no-cache, must-revalidate']]);

const REFUSALS = {
  // Apollo Server's own answers, with its codes and statuses, so Apollo Client's persisted-query link reacts as it does to them.
  notSupported: () => ({ code: ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, message: 'PersistedQueryNotSupported', status: 200 }),
  notFound: () => ({ code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, message: 'PersistedQueryNotFound', status: 200 }),
  // Apollo Router's, with safelisting on: its codes and statuses, so clients written for it work unchanged.
  notInList: (id?: string) => ({
    code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
    message: `Persisted query '${id}' not found in the persisted query list`,
    status: 404,
  }),
  notInSafelist: () => ({
    code: ErrorCode.QUERY_NOT_IN_SAFELIST,
    message: 'The operation body was not found in the persisted query safelist: this graph runs only registered operations.',
    status: 403,
  }),
  mismatch: () => ({ code: ErrorCode.BAD_REQUEST, message: 'documentId does not match the query sent with it.', status: 400 }),
  malformed: (field?: string) => ({
    code: ErrorCode.BAD_REQUEST,
    message: `${field} must be a SHA-256 hash: 64 hexadecimal digits${field === 'documentId' ? ', optionally prefixed sha256:' : ''}.`,
    status: 400,
  }),
} as const;

/** A request refused before its document is parsed: nothing of it is planned or executed. */
export class TrustedDocumentRefusal extends GraphQLError {
  constructor(kind: keyof typeof REFUSALS, detail?: string) {
    const { code, message, status } = REFUSALS[kind](detail);
    // Apollo Server iterates `http.headers` as the Map its own errors carry; graphql-yoga (in the program through Hive
    // Gateway, a development dependency for the benchmark) declares it a plain record for its own server.
    const headers = uncached() as unknown as Record<string, string>;
    super(message, { extensions: { code, http: { status, headers } } });
  }
}
