import { describe, expect, it } from 'vitest';
import { AGENCIES } from '#reference-data';
import { StartupRefusal } from '#service';
import { DEFAULT_AGENCY_RATE_LIMITS, DEFAULT_RATE_LIMITS, rateLimitBudgetsFromEnv } from './budgets.ts';

describe('rate limit budgets from the environment', () => {
  it('are the documented defaults with nothing set: 120 a minute per anonymous address, 300 per caller, 6,000 per agency', () => {
    const budgets = rateLimitBudgetsFromEnv({});
    expect(budgets.windowSeconds).toBe(60);
    expect(budgets.perCaller.PUBLIC).toBe(120);
    for (const agency of AGENCIES.filter((agency) => agency !== 'PUBLIC')) expect(budgets.perCaller[agency]).toBe(300);
    for (const agency of AGENCIES) expect(budgets.perAgency[agency]).toBe(6_000);
    expect(DEFAULT_RATE_LIMITS).toEqual({ windowSeconds: 60, perCaller: 300, perAgency: 6_000 });
    expect(DEFAULT_AGENCY_RATE_LIMITS.perCaller).toEqual({ PUBLIC: 120 });
  });

  it('takes the general budgets for agencies without a default of their own, and each agency variable over both', () => {
    const budgets = rateLimitBudgetsFromEnv({
      RATE_LIMIT_WINDOW_SECONDS: '10',
      RATE_LIMIT_PER_CALLER: '50',
      RATE_LIMIT_PER_CALLER_AUDITOR: '20',
      RATE_LIMIT_PER_AGENCY: '0',
      RATE_LIMIT_PER_AGENCY_SPECIAL_COMMITTEE: '400',
    });
    expect(budgets.windowSeconds).toBe(10);
    expect(budgets.perCaller).toMatchObject({ SSOIU: 50, AUDITOR: 20, PUBLIC: 120 });
    expect(budgets.perAgency).toMatchObject({ SSOIU: 0, SPECIAL_COMMITTEE: 400, PUBLIC: 0 });
    expect(rateLimitBudgetsFromEnv({ RATE_LIMIT_PER_CALLER_PUBLIC: '7' }).perCaller.PUBLIC).toBe(7);
  });

  it.each([
    [{ RATE_LIMIT_PER_CALLER_SSIOU: '10' }, /^RATE_LIMIT_PER_CALLER_SSIOU names no agency: the agencies are ARCC, SSOIU/],
    [{ RATE_LIMIT_PER_AGENCY: 'lots' }, /^RATE_LIMIT_PER_AGENCY: expected a non-negative integer, got "lots"$/],
    [{ RATE_LIMIT_PER_CALLER_NPB: '-1' }, /^RATE_LIMIT_PER_CALLER_NPB: expected a non-negative integer/],
    [{ RATE_LIMIT_WINDOW_SECONDS: '0' }, /^RATE_LIMIT_WINDOW_SECONDS must be at least 1$/],
  ])('refuses a setting that is not one, in one line naming it: %o', (env, message) => {
    expect(() => rateLimitBudgetsFromEnv(env)).toThrow(StartupRefusal);
    expect(() => rateLimitBudgetsFromEnv(env)).toThrow(message);
  });
});
