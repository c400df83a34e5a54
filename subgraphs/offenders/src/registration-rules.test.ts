import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRATION_RULES, FOR_LIFE, higherTier, placementFor, registrationRulesFromEnv } from './registration-rules.ts';

const term = (imprisonmentYears: number | null) => ({ imprisonmentYears, lifeImprisonment: false, death: false });

describe("the register's rules for an entry made from a conviction", () => {
  it('places by sentence and offence: death or life and offences against a child HIGH, 14 years or more MEDIUM, else LOW', () => {
    const rules = DEFAULT_REGISTRATION_RULES;
    expect(placementFor(rules, 'PPC 376(1)', term(10), '2026-12-06')).toEqual({ riskTier: 'LOW', registrationEndsAt: '2036-12-06' });
    expect(placementFor(rules, 'PPC 376(1)', term(14), '2026-12-06')).toEqual({ riskTier: 'MEDIUM', registrationEndsAt: '2041-12-06' });
    expect(placementFor(rules, 'PPC 376(3)', term(10), '2026-12-06')).toEqual({ riskTier: 'HIGH', registrationEndsAt: '2046-12-06' });
    expect(placementFor(rules, 'PPC 377A', term(null), '2026-12-06').riskTier).toBe('HIGH');
    expect(placementFor(rules, 'PPC 376(1)', { imprisonmentYears: null, lifeImprisonment: true, death: false }, '2026-12-06')).toEqual({
      riskTier: 'HIGH',
      registrationEndsAt: FOR_LIFE,
    });
    // A leap day: the same day years later, or the month's last.
    expect(placementFor(rules, 'PPC 376(1)', term(1), '2028-02-29').registrationEndsAt).toBe('2038-02-28');
  });

  it('takes each limit from REGISTER_*, and refuses a bad one naming it', () => {
    const rules = registrationRulesFromEnv({
      REGISTER_MEDIUM_TIER_MIN_YEARS: '10',
      REGISTER_PERIOD_YEARS_LOW: '5',
      REGISTER_HIGH_TIER_SECTIONS: 'PPC 376(2), PPC 377',
    });
    expect(placementFor(rules, 'PPC 376(1)', term(10), '2026-01-01')).toEqual({ riskTier: 'MEDIUM', registrationEndsAt: '2041-01-01' });
    expect(placementFor(rules, 'PPC 376(1)', term(9), '2026-01-01')).toEqual({ riskTier: 'LOW', registrationEndsAt: '2031-01-01' });
    expect(placementFor(rules, 'PPC 377', term(1), '2026-01-01').riskTier).toBe('HIGH');
    expect(placementFor(rules, 'PPC 376(3)', term(1), '2026-01-01').riskTier).toBe('LOW');
    expect(() => registrationRulesFromEnv({ REGISTER_MEDIUM_TIER_MIN_YEARS: 'ten' })).toThrow(/REGISTER_MEDIUM_TIER_MIN_YEARS/);
    expect(() => registrationRulesFromEnv({ REGISTER_PERIOD_YEARS_HIGH: '5' })).toThrow(/REGISTER_PERIOD_YEARS_HIGH must not be less/);
  });

  it('keeps the higher tier of two', () => {
    expect(higherTier('LOW', 'MEDIUM')).toBe('MEDIUM');
    expect(higherTier('HIGH', 'MEDIUM')).toBe('HIGH');
  });
});
