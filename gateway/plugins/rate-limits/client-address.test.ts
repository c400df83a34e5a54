import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './client-address.ts';

describe("an anonymous caller's address", () => {
  const request = (remoteAddress: string, forwarded?: string) => ({
    remoteAddress,
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  });

  it('is the connected peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
  });

  it('behind trusted proxies, is what the outermost of them saw, never an entry the client wrote', () => {
    // The client wrote 10.0.0.1; the load balancer appended the address it saw; the gateway sees the load balancer.
    expect(clientAddress(request('10.1.0.5', '10.0.0.1, 198.51.100.23'), 1)).toBe('198.51.100.23');
    // Two proxies: a CDN appended the client's, the load balancer the CDN's.
    expect(clientAddress(request('10.1.0.5', '10.0.0.1, 198.51.100.23, 192.0.2.9'), 2)).toBe('198.51.100.23');
    // Fewer entries than hops (a request that reached the gateway some other way): the furthest known.
    expect(clientAddress(request('10.1.0.5'), 2)).toBe('10.1.0.5');
    expect(clientAddress({ remoteAddress: '10.1.0.5', headers: { 'x-forwarded-for': ['10.0.0.1', '198.51.100.23'] } }, 1)).toBe(
      '198.51.100.23',
    );
  });

  it('keys IPv4 as written, IPv4-mapped IPv6 as its IPv4, and IPv6 by its /64', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(addressKey('2001:db8:85a3:8d3::1')).toBe('2001:db8:85a3:8d3::/64');
    expect(addressKey('2001:0db8::ffff')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps what is not an address, bounded, rather than failing the request', () => {
    expect(addressKey('')).toBe('unknown');
    expect(addressKey('x'.repeat(500))).toHaveLength(64);
  });
});
