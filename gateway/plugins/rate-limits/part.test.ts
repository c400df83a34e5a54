import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger, StartupRefusal } from '#service';
import { defaultGatewayParts, type GatewaySetup } from '../../part.ts';
import { createGatewayService } from '../../server.ts';
import { rateLimits } from './part.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  CORS_ORIGIN: 'https://front-end.invalid',
  JWT_JWKS_URL: 'https://idp.invalid/jwks.json',
  SUBGRAPH_HMAC_SECRET: 'x'.repeat(32),
  LOG_LEVEL: 'silent',
};

/** The part set up as the gateway would, with only what it reads. */
const setUp = (env: NodeJS.ProcessEnv) =>
  rateLimits().setup({
    name: 'gateway',
    env,
    logger: createLogger('gateway', { LOG_LEVEL: 'silent' }),
    registry: new Registry(),
  } as GatewaySetup);

describe('the rate-limits part at startup', () => {
  it('is required in production: a gateway without it is refused', async () => {
    await expect(createGatewayService({ env: PRODUCTION, parts: defaultGatewayParts({ leaveOut: ['rate-limits'] }) })).rejects.toThrow(
      /^the gateway cannot run without its rate limits \(the rate-limits part\) in production$/,
    );
  });

  it('is left empty by RATE_LIMITS=off outside production only', async () => {
    await expect(setUp({ ...PRODUCTION, RATE_LIMITS: 'off' })).rejects.toThrow(
      new StartupRefusal('RATE_LIMITS=off is refused in production: rate limits are required there'),
    );
    expect(await setUp({ NODE_ENV: 'development', RATE_LIMITS: 'off' })).toEqual({});
  });

  it('refuses a RATE_LIMITS that is neither on nor off, and a budget that is not a number', async () => {
    await expect(setUp({ RATE_LIMITS: 'yes' })).rejects.toThrow(/^RATE_LIMITS must be on or off, got "yes"$/);
    await expect(setUp({ RATE_LIMIT_PER_CALLER: 'many' })).rejects.toThrow(/^RATE_LIMIT_PER_CALLER: expected a non-negative integer/);
    await expect(setUp({ TRUSTED_PROXY_HOPS: 'one' })).rejects.toThrow(
      new StartupRefusal('TRUSTED_PROXY_HOPS: expected a non-negative integer, got "one"'),
    );
  });
});
