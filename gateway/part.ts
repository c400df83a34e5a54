import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Viewer } from '#identity';
import { buildASTSchema } from 'graphql';
import {
  healthChecks,
  type IncomingRequest,
  leavingOut,
  operationLimits,
  type Part,
  prometheusMetrics,
  requestsServed,
  type ServiceAdditions,
  type ServiceSetup,
} from '#service';
import type { GatewayContext } from './context.ts';
import { committeeDashboardPage } from './dashboard/part.ts';
import { policyFilter } from './plugins/policy-filter/part.ts';
import { rateLimits } from './plugins/rate-limits/part.ts';
import { trustedDocuments } from './plugins/trusted-documents/part.ts';
import type { Supergraph } from './supergraph.ts';

/** What the gateway gives each of its parts (see `Part` in #service): the service's own, and the graph behind it. */
export interface GatewaySetup extends ServiceSetup {
  /** The committed supergraph the gateway plans on. */
  supergraph: Supergraph;
  /** Where each subgraph is reached, by name. */
  urlOf: (name: string) => string;
  /** The gateway's client to its subgraphs, signing every request when SUBGRAPH_HMAC_SECRET is set. */
  fetcher: RemoteGraphQLDataSource['fetcher'];
}

/** What a part may add to the gateway: what it may add to any service, and an admission. */
export interface GatewayAdditions extends ServiceAdditions<GatewayContext> {
  /**
   * Refuses a request once its caller is known, before its body is parsed or
   * anything planned, by throwing a GraphQLError (its `extensions.http` sets
   * the status and headers of the answer): run for every GraphQL request, in
   * the order of the parts.
   */
  admit?(request: IncomingRequest, viewer: Viewer): Promise<void>;
}

export type GatewayPart = Part<GatewaySetup, GatewayAdditions>;

/** The gateway's context function, with every part's admission run on each request once the caller is verified. */
export function admitted(
  parts: readonly GatewayAdditions[],
  context: (request: IncomingRequest) => Promise<GatewayContext>,
): (request: IncomingRequest) => Promise<GatewayContext> {
  return async (request) => {
    const value = await context(request);
    for (const part of parts) await part.admit?.(request, value.viewer);
    return value;
  };
}

export const GATEWAY_PART_NAMES = [
  'health',
  'metrics',
  'requests-served',
  'rate-limits',
  'trusted-documents',
  'operation-limits',
  'policy-filter',
  'dashboard',
] as const;
export type GatewayPartName = (typeof GATEWAY_PART_NAMES)[number];

/** The parts production cannot do without, and what the gateway would be without each: it refuses to start (NODE_ENV=production). */
export const REQUIRED_GATEWAY_PARTS: Readonly<Partial<Record<GatewayPartName, string>>> = {
  'rate-limits': 'rate limits',
  'trusted-documents': 'trusted documents',
  'operation-limits': 'operation limits',
  'policy-filter': 'access policy',
};

/**
 * The gateway as `npm start` runs it, each part with its defaults.
 * `leaveOut` names parts to do without: the benchmark's plain Apollo
 * Gateway leaves out the policy filter.
 */
export function defaultGatewayParts(options: { leaveOut?: readonly GatewayPartName[] } = {}): GatewayPart[] {
  // Rate limits are spent once the caller is known, before anything is parsed (their admission, in the context);
  // an untrusted document is refused before it is parsed, so before the limits measure it; the limits before the
  // policy filter: an operation they refuse is not filtered, nor its refusals recorded.
  const parts: GatewayPart[] = [
    healthChecks(),
    prometheusMetrics(),
    requestsServed(),
    rateLimits(),
    trustedDocuments(),
    // Operations are weighed by the @cost/@listSize the composed supergraph carries from every subgraph.
    operationLimits<GatewaySetup>({ costSchema: ({ supergraph }) => buildASTSchema(supergraph.document) }),
    policyFilter(),
    committeeDashboardPage(),
  ];
  return leavingOut(parts, options.leaveOut ?? []);
}
