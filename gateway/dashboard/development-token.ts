import { mintDevToken, tokenSettingsFromEnv } from '#identity';

/**
 * The committee's development identity: a fresh token for the Special Committee, signed with the development
 * secret the graph verifies with. Undefined in production, and wherever tokens come from an identity
 * provider (JWT_JWKS_URL): there is nothing to sign with, and nobody may be handed an identity.
 *
 * The one place the gateway gives the dashboard an identity it did not paste. The explorer's development
 * identities (gateway/dev-identities.ts, issue 15 item 2, on their branch) serve the same person at
 * `POST /dev/token?identity=committee`, answering `{ token }` as the page expects: once both are merged, the
 * page's `developmentTokenPath` can be that (when `devTokensAvailable(env)`), and this file and its route go.
 */
export function committeeDevelopmentToken(env: NodeJS.ProcessEnv): (() => Promise<string>) | undefined {
  if (env.NODE_ENV === 'production') return undefined;
  const settings = tokenSettingsFromEnv(env);
  if (!settings.secret) return undefined;
  return () => mintDevToken(settings, { agency: 'SPECIAL_COMMITTEE', sub: 'dev-committee-member', expiresIn: '8h' });
}
