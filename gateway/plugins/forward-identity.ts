import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDEMPOTENCY_KEY_HEADER, PURPOSE_HEADER } from '#identity';
import type { GatewayContext } from '../context.ts';

/**
 * The gateway half of identity plumbing: every subgraph request carries the
 * caller's own bearer token (each subgraph verifies it again, trusting nothing),
 * the request id, so one request can be followed through every log, and the
 * case purpose the caller stated, which the subgraphs record with each
 * sensitive read, and the caller's `Idempotency-Key`, which the subgraph that
 * owns a mutation checks (queries ignore it); all of them signed.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const headers = request.http?.headers;
    if (!headers || !('viewer' in context)) return;
    if (context.viewer.token) headers.set('authorization', `Bearer ${context.viewer.token}`);
    headers.set('x-request-id', context.requestId);
    if (context.purpose) headers.set(PURPOSE_HEADER, context.purpose);
    if (context.idempotencyKey) headers.set(IDEMPOTENCY_KEY_HEADER, context.idempotencyKey);
  }
}
