/**
 * How the register places a convict it takes from a conviction
 * (ConvictionRecorded): the risk tier, and how long the registration runs.
 * Pakistan's law leaves both to the National Police Bureau; the defaults are
 * those the synthetic register was made by (synthetic-world/sentencing.ts),
 * after US SORNA's three tiers (34 U.S.C. 20911, 20915: 15 years, 25 years,
 * life) shortened to 10, 15 and 20 years:
 *   - HIGH: a sentence of death or imprisonment for life, or an offence against
 *     a child (REGISTER_HIGH_TIER_SECTIONS, comma-separated, matched as the
 *     start of the section: default PPC 376(3), PPC 377A, PPC 292B, PPC 375A);
 *   - MEDIUM: imprisonment of REGISTER_MEDIUM_TIER_MIN_YEARS or more (default 14);
 *   - LOW: otherwise.
 * The registration runs REGISTER_PERIOD_YEARS_<TIER> years from registration
 * (default 10, 15, 20), for life after a sentence of death or for life.
 * A bad value throws naming the variable: the subgraph does not start.
 */
import { RISK_TIERS, type RiskTier } from '#reference-data';
import { plusMonths } from './compliance/index.ts';

export interface RegistrationRules {
  highTierSections: readonly string[];
  mediumTierMinYears: number;
  periodYears: Readonly<Record<RiskTier, number>>;
}

/** The day a registration for life ends, as the register stores it. */
export const FOR_LIFE = '2099-12-31';

export const DEFAULT_REGISTRATION_RULES: RegistrationRules = Object.freeze({
  highTierSections: Object.freeze(['PPC 376(3)', 'PPC 377A', 'PPC 292B', 'PPC 375A']),
  mediumTierMinYears: 14,
  periodYears: Object.freeze({ LOW: 10, MEDIUM: 15, HIGH: 20 }),
});

export function registrationRulesFromEnv(env: NodeJS.ProcessEnv = process.env): RegistrationRules {
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      throw new Error(`${name} must be a whole number of years from ${min} to ${max}, got "${text}"`);
    return value;
  };
  const defaults = DEFAULT_REGISTRATION_RULES;
  const periodYears = Object.fromEntries(
    RISK_TIERS.map((tier) => [tier, whole(`REGISTER_PERIOD_YEARS_${tier}`, defaults.periodYears[tier], 1, 70)]),
  ) as Record<RiskTier, number>;
  for (let i = 1; i < RISK_TIERS.length; i++) {
    const [lower, higher] = [RISK_TIERS[i - 1]!, RISK_TIERS[i]!];
    if (periodYears[higher] < periodYears[lower]) {
      throw new Error(
        `REGISTER_PERIOD_YEARS_${higher} must not be less than REGISTER_PERIOD_YEARS_${lower}: a ${higher} risk registrant is registered at least as long`,
      );
    }
  }
  const sections = env.REGISTER_HIGH_TIER_SECTIONS;
  return {
    highTierSections:
      sections === undefined || sections.trim() === ''
        ? defaults.highTierSections
        : sections
            .split(',')
            .map((section) => section.trim())
            .filter(Boolean),
    mediumTierMinYears: whole('REGISTER_MEDIUM_TIER_MIN_YEARS', defaults.mediumTierMinYears, 1, 25),
    periodYears,
  };
}

export interface SentenceForRules {
  imprisonmentYears: number | null;
  lifeImprisonment: boolean;
  death: boolean;
}

/** The tier a conviction calls for, and the day its registration ends (from `registeredOn`, a Pakistan date). */
export function placementFor(
  rules: RegistrationRules,
  offenceSection: string,
  sentence: SentenceForRules,
  registeredOn: string,
): { riskTier: RiskTier; registrationEndsAt: string } {
  const forLife = sentence.death || sentence.lifeImprisonment;
  const riskTier: RiskTier =
    forLife || rules.highTierSections.some((section) => offenceSection.startsWith(section))
      ? 'HIGH'
      : (sentence.imprisonmentYears ?? 0) >= rules.mediumTierMinYears
        ? 'MEDIUM'
        : 'LOW';
  return { riskTier, registrationEndsAt: forLife ? FOR_LIFE : plusMonths(registeredOn, 12 * rules.periodYears[riskTier]) };
}

/** The higher of two tiers. */
export const higherTier = (a: RiskTier, b: RiskTier): RiskTier => (RISK_TIERS.indexOf(a) >= RISK_TIERS.indexOf(b) ? a : b);
