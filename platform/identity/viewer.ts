import { AGENCIES, PROVINCES, type Agency, type Province } from '#reference-data';

/** Who is asking: the verified claims of DESIGN section 4, or the anonymous PUBLIC viewer. */

export { AGENCIES, PROVINCES };
export type AgencyCode = Agency;
export type ProvinceCode = Province;

export interface Viewer {
  /** Subject: the person's id at their agency; 'anonymous' for PUBLIC. */
  sub: string;
  agency: AgencyCode;
  roles: readonly string[];
  province?: ProvinceCode;
  district?: string;
  cellId?: string;
  unitId?: string;
  courtId?: string;
  /** OAuth2 scopes as routers read them, e.g. `agency:SSOIU role:investigator`. */
  scopes: readonly string[];
  /** The raw bearer token, forwarded by the gateway to the subgraphs. */
  token?: string;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  sub: 'anonymous',
  agency: 'PUBLIC',
  roles: Object.freeze([]),
  scopes: Object.freeze(['agency:PUBLIC']),
});

export const isAgency = (value: unknown): value is AgencyCode =>
  typeof value === 'string' && (AGENCIES as readonly string[]).includes(value);

export const isProvince = (value: unknown): value is ProvinceCode =>
  typeof value === 'string' && (PROVINCES as readonly string[]).includes(value);

/** The scope string routers read: the agency and each role, space-separated. */
export const scopeFor = (agency: AgencyCode, roles: readonly string[]) =>
  [`agency:${agency}`, ...roles.map((role) => `role:${role}`)].join(' ');
