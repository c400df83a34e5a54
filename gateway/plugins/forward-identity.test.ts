import { describe, expect, it } from 'vitest';
import { HeaderMap } from '@apollo/server';
import { IdentityForwardingDataSource } from './forward-identity.ts';
import { PUBLIC_VIEWER } from '#identity';
import type { GatewayContext } from '../context.ts';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

function outgoingHeaders(context: GatewayContext) {
  const headers = new HeaderMap();
  const source = new IdentityForwardingDataSource({ url: 'http://subgraph.invalid/graphql' });
  source.willSendRequest({
    request: { http: { headers, method: 'POST', url: '' } },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  return headers;
}

describe('identity forwarding to subgraphs', () => {
  it("forwards the caller's own token and the request id", () => {
    const headers = outgoingHeaders({ viewer: { ...PUBLIC_VIEWER, agency: 'NPB', sub: 'x', token: 'abc.def.ghi' }, requestId: 'req-1' });
    expect(headers.get('authorization')).toBe('Bearer abc.def.ghi');
    expect(headers.get('x-request-id')).toBe('req-1');
  });

  it('sends no authorization for a PUBLIC caller', () => {
    const headers = outgoingHeaders({ viewer: PUBLIC_VIEWER, requestId: 'req-2' });
    expect(headers.has('authorization')).toBe(false);
  });

  it('forwards the stated case purpose, and none when none was stated', () => {
    const viewer = { ...PUBLIC_VIEWER, agency: 'SSOIU' as const, sub: 'officer-1', token: 'abc.def.ghi' };
    expect(outgoingHeaders({ viewer, requestId: 'req-3', purpose: 'ARCC-LHR1-2025-000031' }).get('x-case-purpose')).toBe(
      'ARCC-LHR1-2025-000031',
    );
    expect(outgoingHeaders({ viewer, requestId: 'req-4' }).has('x-case-purpose')).toBe(false);
  });
});
