import { healthChecks, leavingOut, operationLimits, prometheusMetrics } from '#service';
import type { SubgraphPart } from '../part.ts';
import { auditTrail } from './audit-trail.ts';
import { committeeFigures } from './committee-figures.ts';
import { enforcement } from './enforcement.ts';
import { gatewaySignature } from './gateway-signature.ts';
import { idempotencyKeys } from './idempotency.ts';
import { sqlMetrics } from './sql-metrics.ts';

export const SUBGRAPH_PART_NAMES = [
  'health',
  'metrics',
  'sql-metrics',
  'gateway-signature',
  'operation-limits',
  'audit-trail',
  'enforcement',
  'committee-figures',
  'idempotency-keys',
] as const;
export type SubgraphPartName = (typeof SUBGRAPH_PART_NAMES)[number];

/** The parts production cannot do without, and what a subgraph would be without each: it refuses to start (NODE_ENV=production). */
export const REQUIRED_SUBGRAPH_PARTS: Readonly<Partial<Record<SubgraphPartName, string>>> = {
  'gateway-signature': "check of the gateway's signature",
  'operation-limits': 'operation limits',
  'audit-trail': 'audit trail',
  enforcement: 'access policy',
};

/**
 * A subgraph as `npm start` runs it, each part with its defaults. `leaveOut`
 * names parts to do without: the benchmark's open subgraphs leave out the
 * policy and the audit trail, tests of resolver logic alone the policy.
 */
export function defaultSubgraphParts(options: { leaveOut?: readonly SubgraphPartName[] } = {}): SubgraphPart[] {
  const parts: SubgraphPart[] = [
    healthChecks(),
    prometheusMetrics(),
    sqlMetrics(),
    gatewaySignature(),
    // The gateway's limits with room for its planned subgraph operations, which are deeper and longer (`_entities`, keys).
    operationLimits({ planned: true }),
    auditTrail(),
    enforcement(),
    committeeFigures(),
    idempotencyKeys(),
  ];
  return leavingOut(parts, options.leaveOut ?? []);
}

export { auditTrail, type AuditTrailContext, type AuditTrailOptions } from './audit-trail.ts';
export { committeeFigures, type CommitteeFiguresContext, type CommitteeFiguresOptions } from './committee-figures.ts';
export { type EnforcedContext, enforcement, type EnforcementPartOptions, type RowScopeContext } from './enforcement.ts';
export { gatewaySignature, type GatewaySignatureOptions } from './gateway-signature.ts';
export { type IdempotencyKeysOptions, idempotencyKeys } from './idempotency.ts';
export { type RequestStatements, SQL_STATEMENTS_PATH, sqlMetrics, type SqlMetricsOptions } from './sql-metrics.ts';
