import { AuditChainWriter, AuditLog, keepsAuditTrail, type AuditRecorder, REFUSALS_PATH, refusalRecorder } from '#audit';
import { fieldAccessOf } from '#policy';
import type { SubgraphPart } from '../part.ts';

/** What the audit trail adds to a request's context. */
export interface AuditTrailContext {
  /** Where this request's sensitive reads (and refusals) are recorded, before their values are returned. */
  audit: AuditRecorder;
}

/** Options of {@link auditTrail}. */
export interface AuditTrailOptions {
  /** Most entries one write of the trail takes (a request's entries are never split); default 10,000. */
  maxEntriesPerWrite?: number;
}

/**
 * The subgraph's audit trail (#audit): an AuditLog per request on its
 * context, every log appending through one writer for the whole process
 * (concurrent requests share its transactions), and, where the subgraph
 * keeps a trail, the route at which the gateway reports the fields it
 * refused before planning. Left out, nothing is recorded: only for measuring
 * what the trail costs; production refuses to start without it.
 */
export function auditTrail(options: AuditTrailOptions = {}): SubgraphPart {
  const { maxEntriesPerWrite = 10_000 } = options;
  return {
    name: 'audit-trail',
    setup: ({ definition, database, typeDefs, verifyViewer, logger }) => {
      const writer = new AuditChainWriter({ em: () => database.fork(), schema: database.schema, logger, maxEntriesPerWrite });
      const keepsTrail = keepsAuditTrail(definition.database.entities);
      const knownFields = new Set(fieldAccessOf(typeDefs).map((access) => `${access.type}.${access.field}`));
      return {
        context: ({ viewer, requestId, purpose }): AuditTrailContext => ({
          audit: new AuditLog({ writer, viewer, requestId, purpose, logger }),
        }),
        // Fields the gateway refused before planning are recorded here, by the subgraph that owns them.
        routes: keepsTrail
          ? [{ method: 'POST', path: REFUSALS_PATH, handle: refusalRecorder({ writer, verifyViewer, knownFields, logger }) }]
          : [],
      };
    },
  };
}
