import { describe, expect, it } from 'vitest';
import { StartupRefusal } from './errors.ts';
import { PRODUCTION_SETTINGS, refuseUnsafeProductionSettings, unsafeProductionSettings } from './production-settings.ts';

const SAFE = {
  NODE_ENV: 'production',
  CORS_ORIGIN: 'https://cells.example.gov.pk',
  JWT_JWKS_URL: 'https://idp.example.gov.pk/.well-known/jwks.json',
  SUBGRAPH_HMAC_SECRET: 'x'.repeat(32),
};

describe("production's settings", () => {
  it('are all safe as a deployment sets them, with TRUSTED_DOCUMENTS unset (enforce) or set to anything but off', () => {
    expect(unsafeProductionSettings(SAFE, PRODUCTION_SETTINGS.gateway)).toEqual([]);
    expect(unsafeProductionSettings({ ...SAFE, TRUSTED_DOCUMENTS: 'enforce' }, PRODUCTION_SETTINGS.gateway)).toEqual([]);
  });

  it.each([
    ['CORS_ORIGIN', { CORS_ORIGIN: undefined }, /^CORS_ORIGIN is unset, which lets any web page call the graph/],
    ['CORS_ORIGIN', { CORS_ORIGIN: '*' }, /^CORS_ORIGIN is \*, which lets any web page call the graph/],
    ['CORS_ORIGIN', { CORS_ORIGIN: ' * ' }, /^CORS_ORIGIN is \*/],
    ['JWT_JWKS_URL', { JWT_JWKS_URL: '' }, /^JWT_JWKS_URL is unset/],
    ['SUBGRAPH_HMAC_SECRET', { SUBGRAPH_HMAC_SECRET: undefined }, /^SUBGRAPH_HMAC_SECRET is unset/],
    ['TRUSTED_DOCUMENTS', { TRUSTED_DOCUMENTS: 'off' }, /^TRUSTED_DOCUMENTS is off/],
  ])('name %s when it is unsafe', (_setting, change, message) => {
    const unsafe = unsafeProductionSettings({ ...SAFE, ...change }, PRODUCTION_SETTINGS.gateway);
    expect(unsafe).toHaveLength(1);
    expect(unsafe[0]).toMatch(message);
  });

  it("are the subgraphs' too, but for the gateway's own (CORS, trusted documents)", () => {
    const env = { NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'off' };
    expect(unsafeProductionSettings(env, PRODUCTION_SETTINGS.subgraph).map((phrase) => phrase.split(' ')[0])).toEqual([
      'JWT_JWKS_URL',
      'SUBGRAPH_HMAC_SECRET',
    ]);
  });

  it('are not checked outside production', () => {
    expect(unsafeProductionSettings({ CORS_ORIGIN: '*', TRUSTED_DOCUMENTS: 'off' }, PRODUCTION_SETTINGS.gateway)).toEqual([]);
    expect(unsafeProductionSettings({ NODE_ENV: 'development' }, PRODUCTION_SETTINGS.gateway)).toEqual([]);
  });

  it('refuse a start in one line naming every one unsafe', () => {
    const env = { NODE_ENV: 'production', CORS_ORIGIN: '*', JWT_JWKS_URL: SAFE.JWT_JWKS_URL };
    expect(() => refuseUnsafeProductionSettings(env, PRODUCTION_SETTINGS.gateway)).toThrow(StartupRefusal);
    try {
      refuseUnsafeProductionSettings(env, PRODUCTION_SETTINGS.gateway);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^refusing to start with NODE_ENV=production: CORS_ORIGIN is \*.*; SUBGRAPH_HMAC_SECRET is unset.*\.$/);
    }
  });
});
