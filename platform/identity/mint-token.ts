import { SignJWT } from 'jose';
import type { TokenSettings } from './token-settings.ts';
import { scopeFor, type AgencyCode, type ProvinceCode } from './viewer.ts';

export interface DevIdentity {
  agency: Exclude<AgencyCode, 'PUBLIC'>;
  sub?: string;
  roles?: string[];
  province?: ProvinceCode;
  district?: string;
  cellId?: string;
  unitId?: string;
  courtId?: string;
  /** Lifetime, e.g. '8h'; default 8 hours. */
  expiresIn?: string;
}

/** Signs a development token (HS256) for an identity; the counterpart of createViewerVerifier. */
export async function mintDevToken(settings: TokenSettings, identity: DevIdentity): Promise<string> {
  if (!settings.secret)
    throw new Error('minting needs the HS256 development secret (JWT_SECRET); production tokens come from the identity provider');
  const { agency, sub, roles = [], expiresIn = '8h', ...scopeClaims } = identity;
  return new SignJWT({ agency, roles, scope: scopeFor(agency, roles), ...withoutUndefined(scopeClaims) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub ?? `dev-${agency.toLowerCase()}`)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(settings.secret);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
