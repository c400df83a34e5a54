import type { GatewayPart } from '../../part.ts';
import { createRefusalRecorder } from '../../refusal-recorder.ts';
import { policyFilterPlugin, policyModeFromEnv, type PolicyMode } from './index.ts';

/** Options of {@link policyFilter}. */
export interface PolicyFilterPartOptions {
  /** What to do with fields the caller may never read (see {@link policyFilterPlugin}); default POLICY_MODE, else `filter`. */
  mode?: PolicyMode;
  /** How long an owning subgraph may take to record a report of refusals, ms; default 5 s. */
  refusalReportTimeoutMs?: number;
}

/**
 * The gateway's half of the access policy: fields the caller's agency can
 * never read are taken out before planning ({@link policyFilterPlugin}), and
 * the refusals reported to the subgraphs that own them, for their trails.
 * Left out, every operation is planned as sent: only for measuring what the
 * policy costs (the benchmark's plain gateway); production refuses to start
 * without it.
 */
export function policyFilter(options: PolicyFilterPartOptions = {}): GatewayPart {
  return {
    name: 'policy-filter',
    setup: ({ env, logger, supergraph, urlOf, fetcher }) => ({
      plugins: [
        policyFilterPlugin({
          mode: options.mode ?? policyModeFromEnv(env),
          supergraphSdl: supergraph.sdl,
          logger,
          recordRefusals: createRefusalRecorder({ supergraph, urlOf, fetcher, logger, timeoutMs: options.refusalReportTimeoutMs }),
        }),
      ],
    }),
  };
}
