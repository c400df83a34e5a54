import type { Logger } from '#service';

/** Token settings shared by the signer (dev script, tests) and every verifier (gateway, subgraphs). */
export interface TokenSettings {
  issuer: string;
  audience: string;
  /** HS256 secret: development only. */
  secret?: Uint8Array;
  /** Remote key set (RS256/ES256/EdDSA) for production. */
  jwksUrl?: URL;
  /** Tolerance for clock skew, seconds. */
  clockToleranceSeconds: number;
}

const DEV_TOKEN_SECRET = 'development-only-secret-do-not-use-in-production-0123456789';

export function tokenSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, logger?: Logger): TokenSettings {
  const jwksUrl = env.JWT_JWKS_URL ? new URL(env.JWT_JWKS_URL) : undefined;
  const production = env.NODE_ENV === 'production';
  if (production && !jwksUrl) {
    throw new Error('JWT_JWKS_URL is required in production: HS256 secrets are for development only.');
  }
  const secretText = jwksUrl ? undefined : (env.JWT_SECRET ?? DEV_TOKEN_SECRET);
  if (secretText === DEV_TOKEN_SECRET) logger?.warn('using the built-in development token secret');
  return {
    issuer: env.JWT_ISSUER ?? 'urn:anti-rape-act:dev-issuer',
    audience: env.JWT_AUDIENCE ?? 'urn:anti-rape-act:graph',
    secret: secretText ? new TextEncoder().encode(secretText) : undefined,
    jwksUrl,
    clockToleranceSeconds: 5,
  };
}
