import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '#service';
import type { TokenSettings } from './token-settings.ts';
import { PUBLIC_VIEWER, isAgency, isProvince, type Viewer } from './viewer.ts';

export type ViewerFromAuthorization = (authorization: string | undefined | null) => Promise<Viewer>;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * Verifies a bearer token with jose (issuer, audience, expiry and not-before
 * checked, algorithms pinned) and turns its claims into a Viewer. No header
 * means PUBLIC; anything else that does not verify is UNAUTHENTICATED, with
 * one message for every failure so the answer reveals nothing.
 */
export function createViewerVerifier(settings: TokenSettings): ViewerFromAuthorization {
  // The HS256 secret is imported once: handed to jose as bytes, it is imported again for every
  // token (a second WebCrypto job per verification, the subgraphs' hottest function under load).
  const key: Promise<CryptoKey> | JWTVerifyGetKey = settings.jwksUrl
    ? createRemoteJWKSet(settings.jwksUrl)
    : crypto.subtle.importKey(
        'raw',
        new Uint8Array(settings.secret ?? fail('a token secret or JWKS URL is required')),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
  const algorithms = settings.jwksUrl ? ASYMMETRIC_ALGORITHMS : ['HS256'];

  return async (authorization) => {
    if (!authorization) return PUBLIC_VIEWER;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthenticatedError();
    const token = match[1];
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, typeof key === 'function' ? key : await key, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        clockTolerance: settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch {
      throw new UnauthenticatedError();
    }
    return { ...viewerFromClaims(payload), token };
  };
}

function viewerFromClaims(payload: JWTPayload): Viewer {
  const { sub, agency, roles, province, district, cellId, unitId, courtId, scope } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !isAgency(agency) || agency === 'PUBLIC') throw new UnauthenticatedError();
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) {
    throw new UnauthenticatedError();
  }
  if (province !== undefined && !isProvince(province)) throw new UnauthenticatedError();
  const optionalString = (value: unknown) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new UnauthenticatedError();
    return value;
  };
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  // The scope string must agree with the agency claim, or a router reading one
  // and a subgraph reading the other would disagree about who this is.
  if (!scopes.includes(`agency:${agency}`) || scopes.some((s) => s.startsWith('agency:') && s !== `agency:${agency}`)) {
    throw new UnauthenticatedError();
  }
  return {
    sub,
    agency,
    roles: (roles as string[] | undefined) ?? [],
    province,
    district: optionalString(district),
    cellId: optionalString(cellId),
    unitId: optionalString(unitId),
    courtId: optionalString(courtId),
    scopes,
  };
}

function fail(message: string): never {
  throw new Error(message);
}
