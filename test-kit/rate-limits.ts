/**
 * Rate limits no test's traffic reaches (README "Rate limits"): the suite
 * sends thousands of requests through one gateway, from one address and a
 * few subjects. Set for every test (vitest.config.ts), every stack
 * (stack.ts) and the benchmark's gateways, under whatever the environment or
 * a test sets; a test of the limits themselves sets small ones on a gateway
 * of its own. Every default of its own (`RATE_LIMIT_PER_CALLER_PUBLIC`) is
 * named, so none is left at its small default. No imports: vitest.config.ts
 * reads it.
 */
export const GENEROUS_RATE_LIMITS: Readonly<Record<string, string>> = {
  RATE_LIMIT_PER_CALLER: '1000000',
  RATE_LIMIT_PER_CALLER_PUBLIC: '1000000',
  RATE_LIMIT_PER_AGENCY: '1000000',
};
