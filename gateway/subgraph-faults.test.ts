import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, subgraphFault, subgraphTimeoutMs } from './subgraph-faults.ts';

const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('subgraphTimeoutMs', () => {
  it("takes the subgraph's own setting, else SUBGRAPH_TIMEOUT_MS, else Apollo Router's 30 s", () => {
    expect(subgraphTimeoutMs('courts', {})).toBe(DEFAULT_SUBGRAPH_TIMEOUT_MS);
    expect(subgraphTimeoutMs('courts', { SUBGRAPH_TIMEOUT_MS: '5000' })).toBe(5000);
    expect(subgraphTimeoutMs('crisis-cells', { SUBGRAPH_TIMEOUT_MS: '5000', CRISIS_CELLS_TIMEOUT_MS: '250' })).toBe(250);
    expect(subgraphTimeoutMs('cases', { SUBGRAPH_TIMEOUT_MS: '5000', CRISIS_CELLS_TIMEOUT_MS: '250' })).toBe(5000);
  });

  it.each(['0', '-1', '1.5', '2s', 'soon'])('refuses %j, naming the setting', (value) => {
    expect(() => subgraphTimeoutMs('courts', { COURTS_TIMEOUT_MS: value })).toThrow(
      `COURTS_TIMEOUT_MS must be a whole number of milliseconds, at least 1; got "${value}"`,
    );
  });
});

describe('subgraphFault', () => {
  it('says a subgraph could not be reached, and why, without the host or port the system error names', () => {
    const fault = subgraphFault('courts', systemError('ECONNREFUSED', 'connect ECONNREFUSED 10.20.30.40:4003'), 1000);
    expect(fault.message).toBe('The courts subgraph could not be reached (connection refused): its part of the answer is missing.');
    expect(fault.extensions).toEqual({ code: 'SUBREQUEST_HTTP_ERROR', service: 'courts' });
    // global fetch wraps the system error in its cause.
    const wrapped = new TypeError('fetch failed', { cause: systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND courts.internal') });
    expect(subgraphFault('courts', wrapped, 1000).reason).toBe('could not be reached (host not found)');
    expect(subgraphFault('courts', new Error('something else'), 1000).reason).toBe('could not be reached (the request failed)');
  });

  it("reports a connection's own timeout as GATEWAY_TIMEOUT, with the subgraph's deadline", () => {
    const fault = subgraphFault('offenders', systemError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error'), 2500);
    expect(fault.message).toBe('The offenders subgraph did not answer within 2500 ms: its part of the answer is missing.');
    expect(fault.extensions).toEqual({ code: 'GATEWAY_TIMEOUT', service: 'offenders' });
  });

  it('says what a subgraph answered when it was no GraphQL response', () => {
    expect(subgraphFault('cases', new Error('502: Bad Gateway'), 1000, 502).reason).toBe('answered HTTP 502');
    expect(subgraphFault('cases', new SyntaxError('Unexpected token <'), 1000, 200).reason).toBe('answered with no GraphQL response');
  });
});
