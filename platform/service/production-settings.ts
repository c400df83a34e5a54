import { trustedDocumentsMode } from './config.ts';
import { StartupRefusal } from './errors.ts';

/**
 * Settings a process of the graph must not start without in production
 * (issue 14, item 9): development's defaults are convenient and unsafe, and a
 * deployment that forgot one must fail at start, not run open. Each names
 * what is wrong with it, or nothing when it is safe.
 */
const CHECKS = {
  CORS_ORIGIN: (env: NodeJS.ProcessEnv) => {
    const origin = env.CORS_ORIGIN?.trim();
    if (!origin) return "CORS_ORIGIN is unset, which lets any web page call the graph: set it to the front-ends' origin";
    if (origin === '*') return "CORS_ORIGIN is *, which lets any web page call the graph: set it to the front-ends' origin";
    return undefined;
  },
  JWT_JWKS_URL: (env: NodeJS.ProcessEnv) =>
    env.JWT_JWKS_URL
      ? undefined
      : "JWT_JWKS_URL is unset: set it to the identity provider's key set (development's HS256 secret is refused)",
  SUBGRAPH_HMAC_SECRET: (env: NodeJS.ProcessEnv) =>
    env.SUBGRAPH_HMAC_SECRET
      ? undefined
      : 'SUBGRAPH_HMAC_SECRET is unset: set the same secret of at least 32 bytes on the gateway and every subgraph',
  // Unset is `enforce` in production: only an explicit `off` turns trusted documents off.
  TRUSTED_DOCUMENTS: (env: NodeJS.ProcessEnv) =>
    trustedDocumentsMode(env) === 'off' ? 'TRUSTED_DOCUMENTS is off: unset it, or set it to enforce' : undefined,
} as const satisfies Record<string, (env: NodeJS.ProcessEnv) => string | undefined>;

export type ProductionSetting = keyof typeof CHECKS;

/** What each process reads of them: the gateway answers browsers and runs operations as sent; a subgraph only verifies. */
export const PRODUCTION_SETTINGS = {
  gateway: ['CORS_ORIGIN', 'JWT_JWKS_URL', 'SUBGRAPH_HMAC_SECRET', 'TRUSTED_DOCUMENTS'],
  subgraph: ['JWT_JWKS_URL', 'SUBGRAPH_HMAC_SECRET'],
} as const satisfies Record<string, readonly ProductionSetting[]>;

/** What is wrong with `settings` in `env` when NODE_ENV is production, one phrase each; nothing outside production. */
export function unsafeProductionSettings(env: NodeJS.ProcessEnv, settings: readonly ProductionSetting[]): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return settings.flatMap((setting) => CHECKS[setting](env) ?? []);
}

/**
 * Refuses to go on with NODE_ENV=production and any of `settings` unsafe, in
 * one line naming each (a StartupRefusal: the process says it and exits 1).
 * Called first, before anything is opened.
 */
export function refuseUnsafeProductionSettings(env: NodeJS.ProcessEnv, settings: readonly ProductionSetting[]): void {
  const unsafe = unsafeProductionSettings(env, settings);
  if (unsafe.length > 0) throw new StartupRefusal(`refusing to start with NODE_ENV=production: ${unsafe.join('; ')}.`);
}
