import { isIPv4, isIPv6 } from 'node:net';
import type { IncomingRequest } from '#service';

/**
 * Who an anonymous caller is, for its budget: the address that connected,
 * or, behind `trustedProxyHops` reverse proxies that each append the address
 * they saw to `X-Forwarded-For`, the one the outermost of them saw (as
 * Express's `trust proxy` counts hops). Entries further left are whatever
 * the client wrote, and never trusted: a caller could otherwise pick a fresh
 * budget with each request.
 */
export function clientAddress(request: Pick<IncomingRequest, 'headers' | 'remoteAddress'>, trustedProxyHops: number): string {
  const connected = request.remoteAddress ?? '';
  if (trustedProxyHops === 0) return addressKey(connected);
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest first: the peer that connected, then what each proxy in turn saw.
  const chain = [connected, ...forwarded.reverse()];
  return addressKey(chain[Math.min(trustedProxyHops, chain.length - 1)]!);
}

/**
 * An address as a budget's key: IPv4 as written (an IPv4-mapped IPv6 address
 * as its IPv4), IPv6 by its /64 network, which one subscriber is usually
 * given whole (so its 2^64 addresses are one caller, not 2^64 budgets).
 */
export function addressKey(address: string): string {
  const unzoned = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(unzoned)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(unzoned)) return unzoned;
  if (isIPv6(unzoned)) return `${ipv6Groups(unzoned).slice(0, 4).join(':')}::/64`;
  // Not an address (a proxy that writes something else): kept, but bounded, as a key.
  return address.slice(0, 64) || 'unknown';
}

/** The eight 16-bit groups of a valid IPv6 address, '::' expanded, each without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const groupsOf = (part: string) => (part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}
