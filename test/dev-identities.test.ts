import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createViewerVerifier, tokenSettingsFromEnv } from '#identity';
import type { ListeningService } from '#service';
import { CRISIS_CELLS_BY_ID, generateCellStaff, PROSECUTORS, SPECIAL_COURTS, SUPPORT_ADVISERS_BY_PROVINCE } from '#synthetic-world';
import { graphql, productionEnv, seededCases, startGateway } from '#test-kit';
import { DEMO_CASE_REFERENCE, devIdentities, mintDevTokenFor } from '../gateway/dev-identities.ts';

const gatewayUrl = inject('gatewayUrl');
const at = (path: string, base = gatewayUrl) => new URL(path, base);
const mint = (identity: string, base = gatewayUrl) =>
  fetch(at(`/dev/token?identity=${encodeURIComponent(identity)}`, base), { method: 'POST' });

/** The demo case's people, read from the seeded world itself (not from the gateway's list). */
function demoWorld() {
  const demo = seededCases().find((c) => c.reference === DEMO_CASE_REFERENCE)!;
  const cell = CRISIS_CELLS_BY_ID.get(demo.crisisCellId!)!;
  return {
    demo,
    cell,
    counsellor: generateCellStaff(cell.code).find((member) => member.role === 'COUNSELLOR')!,
    prosecutor: PROSECUTORS.find((p) => p.id === demo.trial!.prosecutorId)!,
    court: SPECIAL_COURTS.find((c) => c.id === demo.trial!.courtId)!,
    adviser: SUPPORT_ADVISERS_BY_PROVINCE.get(demo.province)!.find((a) => a.id === demo.supportAdviserId)!,
  };
}

describe('development identities', () => {
  const { demo, cell, counsellor, prosecutor, court, adviser } = demoWorld();
  const settings = tokenSettingsFromEnv();
  /** Each identity's claims besides iss, aud, iat and exp, and whether it states the demo case as its purpose. */
  const intended: Record<string, { claims: Record<string, unknown> | null; purpose: boolean; names: string[] }> = {
    'arcc-counsellor': {
      claims: { agency: 'ARCC', sub: counsellor.id, cellId: cell.id, roles: ['counsellor'], scope: 'agency:ARCC role:counsellor' },
      purpose: true,
      names: [counsellor.name, cell.name],
    },
    'investigating-officer': {
      claims: {
        agency: 'SSOIU',
        sub: demo.investigation!.investigatingOfficerId,
        province: demo.province,
        roles: ['investigator'],
        scope: 'agency:SSOIU role:investigator',
      },
      purpose: true,
      names: [demo.investigation!.investigatingOfficer, demo.investigation!.unitName],
    },
    prosecutor: {
      claims: { agency: 'PROSECUTION', sub: prosecutor.id, roles: [], scope: 'agency:PROSECUTION' },
      purpose: true,
      names: [prosecutor.name],
    },
    court: {
      claims: { agency: 'COURT', sub: 'dev-court', courtId: court.id, roles: [], scope: 'agency:COURT' },
      purpose: true,
      names: [court.name, court.judge],
    },
    'support-adviser': {
      claims: { agency: 'SUPPORT_ADVISER', sub: adviser.id, roles: [], scope: 'agency:SUPPORT_ADVISER' },
      purpose: true,
      names: [adviser.name],
    },
    npb: { claims: { agency: 'NPB', sub: 'dev-npb', roles: [], scope: 'agency:NPB' }, purpose: false, names: [] },
    nadra: { claims: { agency: 'NADRA', sub: 'dev-nadra', roles: [], scope: 'agency:NADRA' }, purpose: false, names: [] },
    committee: {
      claims: { agency: 'SPECIAL_COMMITTEE', sub: 'dev-special_committee', roles: [], scope: 'agency:SPECIAL_COMMITTEE' },
      purpose: false,
      names: [],
    },
    auditor: { claims: { agency: 'AUDITOR', sub: 'dev-auditor', roles: [], scope: 'agency:AUDITOR' }, purpose: false, names: [] },
    anonymous: { claims: null, purpose: false, names: [] },
  };

  it("lists the demo world's people, named as the world names them", async () => {
    const response = await fetch(at('/dev/identities'));
    expect(response.status).toBe(200);
    const listed: { id: string; label: string; agency: string }[] = await response.json();
    expect(listed.map(({ id }) => id)).toEqual(Object.keys(intended));
    for (const { id, label, agency } of listed) {
      for (const name of intended[id]!.names) expect(label).toContain(name);
      expect(agency).toBe(intended[id]!.claims?.agency ?? 'PUBLIC');
    }
  });

  it.each(Object.keys(intended))('mints a fresh token for %s carrying exactly the intended claims', async (id) => {
    const response = await mint(id);
    expect(response.status).toBe(200);
    const { identity, token, headers } = await response.json();
    expect(identity).toBe(id);
    const { claims, purpose } = intended[id]!;
    expect(headers['x-case-purpose']).toBe(purpose ? DEMO_CASE_REFERENCE : undefined);
    if (!claims) {
      expect(token).toBeNull();
      expect(headers).toEqual({});
      return;
    }
    expect(headers.Authorization).toBe(`Bearer ${token}`);
    const { iss, aud, iat, exp, ...rest } = decodeJwt(token);
    expect(rest).toEqual(claims);
    expect([iss, aud]).toEqual([settings.issuer, settings.audience]);
    expect(Math.abs(iat! - Date.now() / 1000)).toBeLessThan(60);
    expect(exp! - iat!).toBe(8 * 3600);
    // Signed as the graph verifies tokens.
    const viewer = await createViewerVerifier(settings)(headers.Authorization);
    expect(viewer.agency).toBe(claims.agency);
  });

  it('mints a new token each time', async () => {
    const first = (await (await mint('committee')).json()).token;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await (await mint('committee')).json()).token).not.toBe(first);
  });

  it('refuses an unknown identity with a clear 400 naming the known ones', async () => {
    for (const id of ['nobody', '', '../committee']) {
      const response = await mint(id);
      expect(response.status).toBe(400);
      const { error, token } = await response.json();
      expect(token).toBeUndefined();
      expect(error).toMatch(/no development identity/);
      expect(error).toContain('investigating-officer');
    }
    await expect(mintDevTokenFor('nobody')).rejects.toThrow(/no development identity "nobody"/);
  });

  it.each(Object.keys(intended).filter((id) => intended[id]!.purpose))(
    'gives %s headers that read the demo case through the gateway',
    async (id) => {
      const { headers } = await (await mint(id)).json();
      const { data, errors } = await graphql(gatewayUrl, 'query($r: String!) { caseByReference(reference: $r) { reference } }', {
        headers,
        variables: { r: DEMO_CASE_REFERENCE },
      });
      expect(errors).toBeUndefined();
      expect(data.caseByReference).toEqual({ reference: DEMO_CASE_REFERENCE });
    },
  );

  it("mints for the gateway's own pages only, not for a page elsewhere open in the developer's browser", async () => {
    const from = (origin: string) => fetch(at('/dev/token?identity=committee'), { method: 'POST', headers: { origin } });
    const elsewhere = await from('https://example.org');
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).not.toMatch(/eyJ/);
    expect((await from('null')).status).toBe(403);
    expect((await from(new URL(gatewayUrl).origin)).status).toBe(200);
  });

  it('lists the same people in code, for the pages the gateway serves', async () => {
    const listed = await (await fetch(at('/dev/identities'))).json();
    expect(JSON.parse(JSON.stringify(await devIdentities()))).toEqual(listed);
  });
});

describe('development identities outside development', () => {
  const production = productionEnv();
  let prod: ListeningService;
  let prodWithExplorer: ListeningService;
  let jwks: ListeningService;
  beforeAll(async () => {
    const start = (env: NodeJS.ProcessEnv) => startGateway(env, inject('subgraphUrls'));
    [prod, prodWithExplorer, jwks] = await Promise.all([
      start(production),
      start({ ...production, LANDING_PAGE: 'explorer' }),
      // Development with an identity provider's key set: no development secret to mint with.
      start({ ...process.env, JWT_JWKS_URL: production.JWT_JWKS_URL }),
    ]);
  });
  afterAll(() => Promise.all([prod?.stop(), prodWithExplorer?.stop(), jwks?.stop()]));

  it('has no minting endpoint in production, nor where tokens come from a key set (404)', async () => {
    for (const { url } of [prod, prodWithExplorer, jwks]) {
      expect((await fetch(at('/dev/identities', url))).status).toBe(404);
      for (const id of ['committee', 'investigating-officer', 'anonymous']) {
        const response = await mint(id, url);
        expect(response.status).toBe(404);
        expect(await response.text()).not.toMatch(/eyJ/);
      }
    }
    await expect(mintDevTokenFor('committee', production)).rejects.toThrow(/not minted in production/);
  });

  it('serves the explorer in production only when asked, and then without the identity picker', async () => {
    const page = (url: string) => fetch(url, { headers: { accept: 'text/html' } });
    const none = await page(prod.url);
    expect(none.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const asked = await page(prodWithExplorer.url);
    expect(asked.headers.get('content-type')).toMatch(/text\/html/);
    const html = await asked.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).not.toContain('explorer-identity');
    expect(html).not.toContain('/dev/token');
  });
});
