/**
 * The limits of the register's compliance rules. Pakistan's law leaves them to
 * the National Police Bureau; until NPB sets them, the defaults are taken from
 * practice abroad (README, Configuration):
 *   - a change of name or address is notified within 3 days of it (England and
 *     Wales: Sexual Offences Act 2003 s. 84; US SORNA: 3 business days,
 *     34 U.S.C. 20913(c); calendar days here, the stricter reading);
 *   - travel within Pakistan is notified at least 7 days before departure (the
 *     notice England and Wales require before travel abroad, s. 86 and its
 *     regulations; 7 days is also the stay away from home that SORNA's
 *     guidelines require reported);
 *   - travel abroad is notified at least 21 days before departure (US SORNA:
 *     the Attorney General's supplemental guidelines of 2011 under
 *     34 U.S.C. 20914(a)(7));
 *   - the registrant is verified in person every 12, 6 or 3 months by risk
 *     tier (US SORNA: 34 U.S.C. 20918 and 28 CFR 72.7(b), tiers I, II and III,
 *     which LOW, MEDIUM and HIGH are).
 * The yearly re-notification of England and Wales (s. 85) is no rule of its
 * own: every tier is verified in person at least every 12 months, which is
 * that re-notification, so the limit of each tier is at most 12.
 */
import { RISK_TIERS, type RiskTier } from '#reference-data';

export interface ComplianceSettings {
  /** Days after a change of name or address by which it must be notified. REGISTER_CHANGE_NOTICE_DAYS, default 3. */
  changeNoticeDays: number;
  /** Days before a journey within Pakistan by which it must be notified. REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS, default 7. */
  domesticTravelNoticeDays: number;
  /** Days before a journey abroad by which it must be notified. REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS, default 21. */
  internationalTravelNoticeDays: number;
  /** Months between in-person verifications, by risk tier. REGISTER_VERIFICATION_MONTHS_<TIER>, default 12, 6, 3. */
  verificationMonths: Readonly<Record<RiskTier, number>>;
}

export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = Object.freeze({
  changeNoticeDays: 3,
  domesticTravelNoticeDays: 7,
  internationalTravelNoticeDays: 21,
  verificationMonths: Object.freeze({ LOW: 12, MEDIUM: 6, HIGH: 3 }),
});

const MAX_NOTICE_DAYS = 90;

/**
 * The settings from the environment, each unset one at its default. A bad
 * value throws one error naming the variable, what it must be and what it was,
 * so the subgraph refuses to start rather than judge registrants by it.
 */
export function complianceSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ComplianceSettings {
  const whole = (name: string, fallback: number, min: number, max: number, unit: string) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
      throw new Error(`${name} must be a whole number of ${unit} from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
  const defaults = DEFAULT_COMPLIANCE_SETTINGS;
  const verificationMonths = Object.fromEntries(
    RISK_TIERS.map((tier) => [tier, whole(`REGISTER_VERIFICATION_MONTHS_${tier}`, defaults.verificationMonths[tier], 1, 12, 'months')]),
  ) as Record<RiskTier, number>;
  // A riskier registrant is never seen less often than a less risky one.
  for (let i = 1; i < RISK_TIERS.length; i++) {
    const [lower, higher] = [RISK_TIERS[i - 1]!, RISK_TIERS[i]!];
    if (verificationMonths[higher] > verificationMonths[lower]) {
      throw new Error(
        `REGISTER_VERIFICATION_MONTHS_${higher} (${verificationMonths[higher]}) must not be more than REGISTER_VERIFICATION_MONTHS_${lower} (${verificationMonths[lower]}): a ${higher} risk registrant is verified at least as often as a ${lower} one`,
      );
    }
  }
  return {
    changeNoticeDays: whole('REGISTER_CHANGE_NOTICE_DAYS', defaults.changeNoticeDays, 0, MAX_NOTICE_DAYS, 'days'),
    domesticTravelNoticeDays: whole('REGISTER_DOMESTIC_TRAVEL_NOTICE_DAYS', defaults.domesticTravelNoticeDays, 0, MAX_NOTICE_DAYS, 'days'),
    internationalTravelNoticeDays: whole(
      'REGISTER_INTERNATIONAL_TRAVEL_NOTICE_DAYS',
      defaults.internationalTravelNoticeDays,
      0,
      MAX_NOTICE_DAYS,
      'days',
    ),
    verificationMonths,
  };
}
