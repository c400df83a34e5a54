import { describe, expect, it } from 'vitest';
import { requestSigningFromEnv, signSubgraphRequest, verifySubgraphRequest, type RequestSignatureOptions } from './request-signature.ts';

const secret = 'a-test-only-gateway-signing-secret-0123456789';
const body = JSON.stringify({ query: '{ crisisCells(first: 2) { totalCount } }', variables: { city: 'Lāhore — لاہور' } });
const authorization = 'Bearer header.payload.signature';
const now = Date.UTC(2025, 0, 15, 12, 0, 0);
const request: RequestSignatureOptions = { secret, body, authorization, now };

const refused = (reason: string) => ({ valid: false, reason });

describe('gateway request signatures', () => {
  it('round-trips: what the gateway signs, the subgraph accepts', () => {
    const signature = signSubgraphRequest(request);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signature.startsWith(`t=${now / 1000},`)).toBe(true);
    expect(verifySubgraphRequest(signature, request)).toEqual({ valid: true });
    // The subgraph sees raw bytes, the gateway a string: the same UTF-8 bytes verify.
    expect(verifySubgraphRequest(signature, { ...request, body: Buffer.from(body, 'utf8') })).toEqual({ valid: true });
  });

  it('signs a request without a token too', () => {
    const signature = signSubgraphRequest({ secret, body, now });
    expect(verifySubgraphRequest(signature, { secret, body, authorization: undefined, now })).toEqual({ valid: true });
    expect(verifySubgraphRequest(signature, { secret, body, authorization, now })).toEqual(refused('mismatch'));
  });

  it('refuses a tampered body', () => {
    const signature = signSubgraphRequest(request);
    expect(verifySubgraphRequest(signature, { ...request, body: body.replace('first: 2', 'first: 3') })).toEqual(refused('mismatch'));
    expect(verifySubgraphRequest(signature, { ...request, body: `${body} ` })).toEqual(refused('mismatch'));
  });

  it('refuses a swapped or removed Authorization header', () => {
    const signature = signSubgraphRequest(request);
    expect(verifySubgraphRequest(signature, { ...request, authorization: 'Bearer someone.elses.token' })).toEqual(refused('mismatch'));
    expect(verifySubgraphRequest(signature, { ...request, authorization: undefined })).toEqual(refused('mismatch'));
  });

  it('refuses a changed, added or removed stated purpose', () => {
    const withPurpose = { ...request, purpose: 'ARCC-LHR1-2025-000031' };
    const signature = signSubgraphRequest(withPurpose);
    expect(verifySubgraphRequest(signature, withPurpose)).toEqual({ valid: true });
    expect(verifySubgraphRequest(signature, { ...withPurpose, purpose: 'ARCC-LHR1-2025-000032' })).toEqual(refused('mismatch'));
    expect(verifySubgraphRequest(signature, { ...withPurpose, purpose: undefined })).toEqual(refused('mismatch'));
    expect(verifySubgraphRequest(signSubgraphRequest(request), withPurpose)).toEqual(refused('mismatch'));
  });

  it('binds an idempotency key (v2): a changed, added or removed key is refused', () => {
    const keyed = { ...request, idempotencyKey: '"open-case-7f3a"' };
    const signature = signSubgraphRequest(keyed);
    expect(signature).toMatch(/^t=\d+,v2=[0-9a-f]{64}$/);
    expect(verifySubgraphRequest(signature, keyed)).toEqual({ valid: true });
    expect(verifySubgraphRequest(signature, { ...keyed, idempotencyKey: '"open-case-7f3b"' })).toEqual(refused('mismatch'));
    expect(verifySubgraphRequest(signature, request)).toEqual(refused('mismatch'));
    // A v1 signature (made without a key) does not cover a key added afterwards.
    expect(verifySubgraphRequest(signSubgraphRequest(request), keyed)).toEqual(refused('mismatch'));
    // A forged v2 label on a v1 HMAC is refused as well.
    expect(verifySubgraphRequest(signSubgraphRequest(request).replace('v1=', 'v2='), keyed)).toEqual(refused('mismatch'));
  });

  it('refuses stale and future timestamps outside the window, accepts inside it', () => {
    const signature = signSubgraphRequest(request);
    expect(verifySubgraphRequest(signature, { ...request, now: now + 60_000 })).toEqual({ valid: true });
    expect(verifySubgraphRequest(signature, { ...request, now: now - 60_000 })).toEqual({ valid: true });
    expect(verifySubgraphRequest(signature, { ...request, now: now + 61_000 })).toEqual(refused('stale'));
    expect(verifySubgraphRequest(signature, { ...request, now: now - 61_000 })).toEqual(refused('stale'));
    expect(verifySubgraphRequest(signature, { ...request, now: now + 11_000, toleranceSeconds: 10 })).toEqual(refused('stale'));
  });

  it('refuses a re-dated signature: the timestamp is signed', () => {
    const signature = signSubgraphRequest({ ...request, now: now - 3_600_000 });
    const redated = signature.replace(/^t=\d+/, `t=${now / 1000}`);
    expect(verifySubgraphRequest(redated, request)).toEqual(refused('mismatch'));
  });

  it('refuses a missing or malformed header', () => {
    const valid = signSubgraphRequest(request);
    const hex = valid.split('v1=')[1]!;
    expect(verifySubgraphRequest(undefined, request)).toEqual(refused('missing'));
    expect(verifySubgraphRequest('', request)).toEqual(refused('missing'));
    for (const malformed of [
      'garbage',
      `v1=${hex}`,
      `t=${now / 1000}`,
      `t=${now / 1000},v1=${hex.slice(2)}`,
      `t=${now / 1000},v1=${hex.toUpperCase()}`,
      `t=abc,v1=${hex}`,
      `t=${now / 1000}, v1=${hex}`,
      `${valid},${valid}`,
      `t=${now / 1000},v3=${hex}`,
    ]) {
      expect(verifySubgraphRequest(malformed, request), malformed).toEqual(refused('malformed'));
    }
    expect(verifySubgraphRequest([valid, valid], request)).toEqual(refused('malformed'));
  });

  it('refuses a signature made with another secret', () => {
    const forged = signSubgraphRequest({ ...request, secret: 'an-attacker-guessed-secret-of-enough-length-42' });
    expect(verifySubgraphRequest(forged, request)).toEqual(refused('mismatch'));
  });

  it('refuses a secret shorter than 32 bytes, to sign or to verify', () => {
    expect(() => signSubgraphRequest({ ...request, secret: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => verifySubgraphRequest('t=1,v1=00', { ...request, secret: 'x'.repeat(31) })).toThrow(/at least 32 bytes/);
    expect(() => signSubgraphRequest({ ...request, secret: 'x'.repeat(32) })).not.toThrow();
  });
});

describe('request signing settings', () => {
  it('is off when SUBGRAPH_HMAC_SECRET is unset, outside production', () => {
    expect(requestSigningFromEnv({})).toBeUndefined();
    expect(requestSigningFromEnv({ NODE_ENV: 'development', SUBGRAPH_HMAC_SECRET: '' })).toBeUndefined();
  });

  it('reads the secret and the default 60 s window', () => {
    const settings = requestSigningFromEnv({ SUBGRAPH_HMAC_SECRET: secret });
    expect(Buffer.from(settings!.secret).toString('utf8')).toBe(secret);
    expect(settings!.toleranceSeconds).toBe(60);
  });

  it('refuses a short secret at startup with a clear error', () => {
    expect(() => requestSigningFromEnv({ SUBGRAPH_HMAC_SECRET: 'too-short' })).toThrow(/SUBGRAPH_HMAC_SECRET must be at least 32 bytes/);
  });

  it('is required in production', () => {
    expect(() => requestSigningFromEnv({ NODE_ENV: 'production' })).toThrow(/SUBGRAPH_HMAC_SECRET is required in production/);
    expect(requestSigningFromEnv({ NODE_ENV: 'production', SUBGRAPH_HMAC_SECRET: secret })).toBeDefined();
  });
});
