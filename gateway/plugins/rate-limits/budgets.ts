import { AGENCIES, type Agency } from '#reference-data';
import { intFromEnv, StartupRefusal } from '#service';

/**
 * How many requests the gateway answers in a window (issue 14, item 4), as
 * two budgets a request spends from at once: its caller's (a person, by the
 * token's `sub`; an anonymous caller by its client address), and its whole
 * agency's, so that no agency, nor whoever holds many of its tokens, takes
 * the graph from the others. README "Rate limits" documents them.
 */
export interface RateLimitBudgets {
  /** The window every budget is counted over, seconds. `RATE_LIMIT_WINDOW_SECONDS`. */
  windowSeconds: number;
  /** Each caller's requests per window, by its agency (PUBLIC: per client address); 0 for no limit. `RATE_LIMIT_PER_CALLER[_<AGENCY>]`. */
  perCaller: Readonly<Record<Agency, number>>;
  /** All of an agency's callers' requests together per window; 0 for no limit. `RATE_LIMIT_PER_AGENCY[_<AGENCY>]`. */
  perAgency: Readonly<Record<Agency, number>>;
}

/**
 * The defaults, a starting point to tune from `graphql_rate_limited_total`
 * (README "Rate limits"). A person at an agency's front-end sends a few
 * requests a page, a page every few seconds at most: 300 a minute (5 a
 * second for a whole minute) is far above that, and an auditor's or the
 * committee's page is one request. An anonymous caller reads the crisis-cell
 * directory and the public figures, a handful of requests a visit: 120 a
 * minute per client address, not fewer, as a hospital's network or a mobile
 * carrier's NAT puts many people behind one address. An agency's callers
 * together: 6,000 a minute (100 a second), about what one gateway on the
 * benchmark's two cores answers of a case read across every agency (W1), so
 * that one agency alone cannot take a whole replica from the others.
 */
export const DEFAULT_RATE_LIMITS = {
  windowSeconds: 60,
  perCaller: 300,
  perAgency: 6_000,
} as const;

/** Agencies whose budget per caller differs from `RATE_LIMIT_PER_CALLER`'s default. */
export const DEFAULT_AGENCY_RATE_LIMITS: Readonly<{
  perCaller: Partial<Record<Agency, number>>;
  perAgency: Partial<Record<Agency, number>>;
}> = {
  perCaller: { PUBLIC: 120 },
  perAgency: {},
};

/**
 * The budgets from the environment: `RATE_LIMIT_PER_CALLER` and
 * `RATE_LIMIT_PER_AGENCY` over the defaults of agencies without one of their
 * own, then each `..._<AGENCY>` set (an agency that is none is refused: a
 * misspelt one would otherwise leave its agency on the default).
 */
export function rateLimitBudgetsFromEnv(env: NodeJS.ProcessEnv): RateLimitBudgets {
  const windowSeconds = wholeNumberSetting(env, 'RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMITS.windowSeconds);
  if (windowSeconds < 1) throw new StartupRefusal('RATE_LIMIT_WINDOW_SECONDS must be at least 1');
  return {
    windowSeconds,
    perCaller: byAgency(env, 'RATE_LIMIT_PER_CALLER', DEFAULT_RATE_LIMITS.perCaller, DEFAULT_AGENCY_RATE_LIMITS.perCaller),
    perAgency: byAgency(env, 'RATE_LIMIT_PER_AGENCY', DEFAULT_RATE_LIMITS.perAgency, DEFAULT_AGENCY_RATE_LIMITS.perAgency),
  };
}

function byAgency(env: NodeJS.ProcessEnv, name: string, fallback: number, agencyDefaults: Partial<Record<Agency, number>>) {
  const general = wholeNumberSetting(env, name, fallback);
  const budgets = Object.fromEntries(AGENCIES.map((agency) => [agency, agencyDefaults[agency] ?? general])) as Record<Agency, number>;
  for (const key of Object.keys(env)) {
    const agency = key.startsWith(`${name}_`) ? key.slice(name.length + 1) : undefined;
    if (agency === undefined || !env[key]) continue;
    if (!(AGENCIES as readonly string[]).includes(agency)) {
      throw new StartupRefusal(`${key} names no agency: the agencies are ${AGENCIES.join(', ')}`);
    }
    budgets[agency as Agency] = wholeNumberSetting(env, key, 0);
  }
  return budgets;
}

/** A whole number from the environment, or a StartupRefusal naming the variable. */
export function wholeNumberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  try {
    return intFromEnv(env[name], fallback);
  } catch (error) {
    throw new StartupRefusal(`${name}: ${(error as Error).message}`);
  }
}
