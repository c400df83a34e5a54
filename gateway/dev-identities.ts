/**
 * The demo world's people, as development identities: the explorer's
 * identity picker and the committee's dashboard page sign in as one of them
 * with a freshly minted development token. They are the people behind the
 * README's demo case, ARCC-PEW1-2023-000053 (Peshawar: received by a crisis
 * cell, investigated, tried, a conviction on the register), as the seeded
 * synthetic world (scale 1) has them, and the agencies that work on no one
 * case.
 *
 * Development only: nothing here exists in production ({@link devTokensAvailable}),
 * where tokens come from the identity provider.
 */
import type { Agency } from '#reference-data';
import type { Route } from '#service';
import { type DevIdentity, mintDevToken, PURPOSE_HEADER, tokenSettingsFromEnv } from '#identity';

/** The README's demo case. */
export const DEMO_CASE_REFERENCE = 'ARCC-PEW1-2023-000053';

/** One person of the demo world a developer can act as. */
export interface DemoIdentity {
  /** Stable key, e.g. `investigating-officer`, `committee`, `anonymous`. */
  id: string;
  /** Who they are, for a person choosing: "Investigating officer: Sub-Inspector Fahad Chandio, SSOIU Peshawar". */
  label: string;
  agency: Agency;
  /** The token's claims; null for the anonymous caller, who sends no token. */
  claims: DevIdentity | null;
  /** The case reference this person states as their purpose (`x-case-purpose`): the demo case, for those working on it. */
  purpose?: string;
}

/** The request headers that act as one identity: a bearer token, and the stated purpose where it applies. */
export type IdentityHeaders = Record<string, string>;

/**
 * Whether development tokens can be minted here: never in production, and
 * only while tokens are verified with the development HS256 secret (not a
 * JWKS key set, whose private keys the graph never holds).
 */
export function devTokensAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'production' && !env.JWT_JWKS_URL;
}

let identities: Promise<readonly DemoIdentity[]> | undefined;

/** The demo world's people, in the order a picker shows them. */
export function devIdentities(): Promise<readonly DemoIdentity[]> {
  identities ??= demoIdentities();
  return identities;
}

/** A freshly minted development token for one identity; undefined for `anonymous`. Throws for an unknown id or in production. */
export async function mintDevTokenFor(id: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return mint(await identityOf(id), env);
}

/** The headers that act as one identity: `Authorization: Bearer <fresh token>` and, where it applies, `x-case-purpose`. */
export async function identityHeaders(id: string, env: NodeJS.ProcessEnv = process.env): Promise<IdentityHeaders> {
  const identity = await identityOf(id);
  const token = await mint(identity, env);
  return {
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(identity.purpose ? { [PURPOSE_HEADER]: identity.purpose } : {}),
  };
}

export class UnknownIdentityError extends Error {}

async function identityOf(id: string): Promise<DemoIdentity> {
  const identity = (await devIdentities()).find((candidate) => candidate.id === id);
  if (!identity) throw new UnknownIdentityError(`no development identity "${id}"`);
  return identity;
}

function mint(identity: DemoIdentity, env: NodeJS.ProcessEnv): Promise<string> | undefined {
  if (!devTokensAvailable(env)) throw new Error('development tokens are not minted in production');
  return identity.claims ? mintDevToken(tokenSettingsFromEnv(env), identity.claims) : undefined;
}

/**
 * The demo case's people as the seeded world names them. The gateway never
 * loads the synthetic world (it is deployed without it), so they are written
 * here, as the README writes them; test/dev-identities.test.ts checks them
 * against the world.
 */
const DEMO_CASE = {
  province: 'KHYBER_PAKHTUNKHWA',
  cell: { id: '92cf900b-67d1-50ba-a92d-504dae25df12', name: 'Anti-Rape Crisis Cell, Lady Reading Hospital Peshawar' },
  counsellor: { id: '6909e9b2-dae3-5b4b-81dd-17220067987d', name: 'Muhammad Warraich' },
  officer: { id: '82b510a9-6f72-5b0c-a76f-4f5b1c2753b5', name: 'Sub-Inspector Fahad Chandio', unit: 'SSOIU Peshawar' },
  prosecutor: {
    id: 'acdfa20f-0195-57f7-b995-92b5afd5c3c0',
    name: 'Asif Rind',
    office: 'Office of the Special Prosecutor (Anti-Rape), Peshawar',
  },
  court: { id: '7bd916a3-5cd8-51de-8ca2-5f522830f1c3', name: 'Special Court (Anti-Rape), Peshawar', judge: 'Fatima Ahmed' },
  adviser: { id: '7b5191bf-69d3-5f9b-8ec8-fbc46d3ea172', name: 'Nazia Gondal' },
} as const;

async function demoIdentities(): Promise<readonly DemoIdentity[]> {
  const { province, cell, counsellor, officer, prosecutor, court, adviser } = DEMO_CASE;
  const purpose = DEMO_CASE_REFERENCE;
  return [
    {
      id: 'arcc-counsellor',
      label: `ARCC counsellor: ${counsellor.name}, ${cell.name}`,
      agency: 'ARCC',
      claims: { agency: 'ARCC', sub: counsellor.id, cellId: cell.id, roles: ['counsellor'] },
      purpose,
    },
    {
      id: 'investigating-officer',
      label: `Investigating officer: ${officer.name}, ${officer.unit}`,
      agency: 'SSOIU',
      claims: { agency: 'SSOIU', sub: officer.id, province, roles: ['investigator'] },
      purpose,
    },
    {
      id: 'prosecutor',
      label: `Prosecutor: ${prosecutor.name}, ${prosecutor.office}`,
      agency: 'PROSECUTION',
      claims: { agency: 'PROSECUTION', sub: prosecutor.id },
      purpose,
    },
    {
      id: 'court',
      label: `Special court: ${court.name} (${court.judge})`,
      agency: 'COURT',
      claims: { agency: 'COURT', courtId: court.id },
      purpose,
    },
    {
      id: 'support-adviser',
      label: `Support adviser: ${adviser.name}`,
      agency: 'SUPPORT_ADVISER',
      claims: { agency: 'SUPPORT_ADVISER', sub: adviser.id },
      purpose,
    },
    { id: 'npb', label: 'National Police Bureau: the register', agency: 'NPB', claims: { agency: 'NPB' } },
    { id: 'nadra', label: 'NADRA: identity checks', agency: 'NADRA', claims: { agency: 'NADRA' } },
    { id: 'committee', label: 'Special Committee: the dashboard', agency: 'SPECIAL_COMMITTEE', claims: { agency: 'SPECIAL_COMMITTEE' } },
    { id: 'auditor', label: 'Auditor: the audit trails', agency: 'AUDITOR', claims: { agency: 'AUDITOR' } },
    { id: 'anonymous', label: 'Anonymous (no token): the crisis-cell directory', agency: 'PUBLIC', claims: null },
  ];
}

/** Where the dev identities are served, for the explorer's picker and the dashboard's sign-in. */
export const DEV_IDENTITIES_PATH = '/dev/identities';
export const DEV_TOKEN_PATH = '/dev/token';

/**
 * `GET /dev/identities` lists the demo world's people (id, label, agency,
 * claims, purpose); `POST /dev/token?identity=<id>` answers `{ identity,
 * token, headers }` with a freshly minted token and the headers that act as
 * that person, to a page of the gateway's own origin (or a client that
 * sends no Origin, such as curl). Neither exists in production.
 */
export function devIdentityRoutes(env: NodeJS.ProcessEnv = process.env): Route[] {
  if (!devTokensAvailable(env)) return [];
  return [
    { method: 'GET', path: DEV_IDENTITIES_PATH, handle: async () => ({ status: 200, body: await devIdentities() }) },
    {
      method: 'POST',
      path: DEV_TOKEN_PATH,
      handle: async ({ url, headers: request }) => {
        // The gateway answers any origin (CORS *): a page elsewhere, open in a developer's browser, must not mint.
        if (request.origin && !sameHost(request.origin, request.host))
          return { status: 403, body: { error: 'development tokens are minted for pages the gateway serves itself' } };
        const id = url.searchParams.get('identity') ?? '';
        try {
          const headers = await identityHeaders(id, env);
          const token = headers.Authorization?.replace(/^Bearer /, '') ?? null;
          return { status: 200, body: { identity: id, token, headers } };
        } catch (error) {
          if (!(error instanceof UnknownIdentityError)) throw error;
          const known = (await devIdentities()).map((identity) => identity.id);
          return { status: 400, body: { error: `${error.message}: ask for one of ${known.join(', ')}` } };
        }
      },
    },
  ];
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
