import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintDevToken } from './mint-token.ts';
import { tokenSettingsFromEnv } from './token-settings.ts';
import { createViewerVerifier } from './verify-token.ts';
import { PUBLIC_VIEWER } from './viewer.ts';

const settings = tokenSettingsFromEnv({});
const verify = createViewerVerifier(settings);
const bearer = (token: string) => `Bearer ${token}`;

async function signed(claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt, secret = settings.secret!) {
  const jwt = new SignJWT({ agency: 'SSOIU', roles: [], scope: 'agency:SSOIU', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('officer-1')
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime('1h');
  return edit(jwt).sign(secret);
}

async function expectUnauthenticated(authorization: string) {
  await expect(verify(authorization)).rejects.toMatchObject({
    message: 'Authentication required: the token is missing, expired or invalid.',
    extensions: { code: 'UNAUTHENTICATED' },
  });
}

describe('token verification', () => {
  it('treats a request without a token as PUBLIC', async () => {
    expect(await verify(undefined)).toBe(PUBLIC_VIEWER);
  });

  it('turns a valid development token into a typed viewer', async () => {
    const token = await mintDevToken(settings, {
      agency: 'SSOIU',
      sub: 'officer-7',
      province: 'PUNJAB',
      unitId: 'unit-1',
      roles: ['investigator'],
    });
    expect(await verify(bearer(token))).toEqual({
      sub: 'officer-7',
      agency: 'SSOIU',
      roles: ['investigator'],
      province: 'PUNJAB',
      district: undefined,
      cellId: undefined,
      unitId: 'unit-1',
      courtId: undefined,
      scopes: ['agency:SSOIU', 'role:investigator'],
      token,
    });
  });

  it('refuses an expired token', async () => {
    await expectUnauthenticated(
      bearer(
        await signed({}, (jwt) =>
          jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600),
        ),
      ),
    );
  });

  it('refuses a token that is not valid yet', async () => {
    await expectUnauthenticated(bearer(await signed({}, (jwt) => jwt.setNotBefore(Math.floor(Date.now() / 1000) + 3600))));
  });

  it('refuses the wrong issuer and the wrong audience', async () => {
    await expectUnauthenticated(bearer(await signed({}, (jwt) => jwt.setIssuer('urn:someone-else'))));
    await expectUnauthenticated(bearer(await signed({}, (jwt) => jwt.setAudience('urn:another-api'))));
  });

  it('refuses a token signed with another secret', async () => {
    await expectUnauthenticated(bearer(await signed({}, (jwt) => jwt, new TextEncoder().encode('x'.repeat(64)))));
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const unsigned = new UnsecuredJWT({ agency: 'NPB', scope: 'agency:NPB' })
      .setSubject('x')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    await expectUnauthenticated(bearer(unsigned));
  });

  it('refuses tampered claims', async () => {
    const [header, payload, signature] = (await signed({})).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, agency: 'NPB', scope: 'agency:NPB' })).toString('base64url');
    await expectUnauthenticated(bearer(`${header}.${forged}.${signature}`));
  });

  it('refuses an unknown agency, PUBLIC as a claim, and a scope that disagrees with the agency', async () => {
    await expectUnauthenticated(bearer(await signed({ agency: 'FIA', scope: 'agency:FIA' })));
    await expectUnauthenticated(bearer(await signed({ agency: 'PUBLIC', scope: 'agency:PUBLIC' })));
    await expectUnauthenticated(bearer(await signed({ agency: 'SSOIU', scope: 'agency:NPB' })));
    await expectUnauthenticated(bearer(await signed({ agency: 'SSOIU', scope: 'agency:SSOIU agency:NPB' })));
  });

  it('refuses a malformed header and claims of the wrong type', async () => {
    await expectUnauthenticated('Basic dXNlcjpwYXNz');
    await expectUnauthenticated('Bearer not.a.jwt');
    await expectUnauthenticated(bearer(await signed({ province: 'ATLANTIS' })));
    await expectUnauthenticated(bearer(await signed({ roles: 'admin' })));
  });
});
