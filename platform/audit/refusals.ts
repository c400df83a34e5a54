import type { Viewer, ViewerFromAuthorization } from '#identity';
import type { IncomingRequest, PlainResponse } from '#service';
import type { Logger } from '#service';
import { AuditLog } from './audit-log.ts';
import type { AuditChainWriter } from './chain-writer.ts';
import { statedPurpose } from '#identity';

/**
 * Where the gateway reports the fields it refused before planning: those never
 * reach a subgraph, so the subgraph that owns each field records the refusal
 * on its own trail (DENIED, no row: none was read). Not GraphQL, and not in
 * the supergraph: a plain POST the gateway signs like every other request.
 *
 * Body: `{ "fields": ["Survivor.fullName", ...] }`, with the caller's own
 * Authorization, `x-request-id` and `x-case-purpose`, so the entries say who
 * asked, for what. Only this subgraph's fields are accepted. The gateway's
 * signature is checked before the report is (the subgraph's gateway-signature
 * part checks every POST route).
 */
export const REFUSALS_PATH = '/audit/refusals';

const MAX_REFUSALS_PER_REPORT = 500;

interface RefusalReport {
  fields: string[];
}

interface RefusalRecorderOptions {
  /** The process's writer of the subgraph's trail, shared with its GraphQL requests. */
  writer: AuditChainWriter;
  verifyViewer: ViewerFromAuthorization;
  /** `Type.field` of every field this subgraph serves. */
  knownFields: ReadonlySet<string>;
  logger: Logger;
}

export function refusalRecorder(options: RefusalRecorderOptions): (request: IncomingRequest) => Promise<PlainResponse> {
  const { writer, verifyViewer, knownFields, logger } = options;
  return async ({ headers, requestId, rawBody }) => {
    let viewer: Viewer;
    let purpose: string | undefined;
    try {
      viewer = await verifyViewer(headers.authorization);
      purpose = statedPurpose(headers);
    } catch {
      return { status: 401, body: { error: 'unauthenticated' } };
    }
    const fields = parseReport(rawBody, knownFields);
    if (!fields)
      return { status: 400, body: { error: `expected {"fields": [...]}: 1 to ${MAX_REFUSALS_PER_REPORT} fields of this subgraph` } };
    const audit = new AuditLog({ writer, viewer, requestId, purpose, logger });
    try {
      await Promise.all(fields.map((field) => audit.record({ field, rowId: null, outcome: 'DENIED' })));
    } catch {
      return { status: 503, body: { error: 'the refusals could not be recorded' } };
    }
    return { status: 204 };
  };
}

function parseReport(rawBody: Buffer, knownFields: ReadonlySet<string>): string[] | undefined {
  let report: unknown;
  try {
    report = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
  const fields = (report as Partial<RefusalReport> | null)?.fields;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > MAX_REFUSALS_PER_REPORT) return undefined;
  return fields.every((field) => typeof field === 'string' && knownFields.has(field)) ? fields : undefined;
}
