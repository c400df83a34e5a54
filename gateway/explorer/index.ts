/**
 * What a browser gets at the graph's URL (a GET asking for text/html, as
 * Apollo's landing pages are served): the explorer (GraphiQL, served whole
 * by the gateway, no request leaves it), the Apollo Sandbox (from Apollo's
 * CDN, for those online), or nothing. LANDING_PAGE chooses; in development
 * the explorer, in production nothing unless asked.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { graphqlPath } from '#service';
import { devTokensAvailable } from '../dev-identities.ts';
import { explorerPage } from './page.ts';

export const LANDING_PAGES = ['explorer', 'sandbox', 'off'] as const;
export type LandingPageChoice = (typeof LANDING_PAGES)[number];

/**
 * LANDING_PAGE: `explorer`, `sandbox` or `off` (`on`, its older spelling,
 * is the explorer); unset, the explorer in development and nothing in production.
 */
export function landingPageChoice(env: NodeJS.ProcessEnv = process.env): LandingPageChoice {
  const asked = env.LANDING_PAGE;
  if (!asked) return env.NODE_ENV === 'production' ? 'off' : 'explorer';
  if (asked === 'on') return 'explorer';
  if ((LANDING_PAGES as readonly string[]).includes(asked)) return asked as LandingPageChoice;
  throw new Error(`LANDING_PAGE must be one of ${LANDING_PAGES.join(', ')}, got "${asked}"`);
}

/** The Apollo Server plugin that renders the chosen landing page. */
export function landingPage(env: NodeJS.ProcessEnv = process.env): ApolloServerPlugin {
  switch (landingPageChoice(env)) {
    case 'off':
      return ApolloServerPluginLandingPageDisabled();
    case 'sandbox':
      // Never reports to Apollo, and no cookies go to it.
      return ApolloServerPluginLandingPageLocalDefault({
        embed: { runTelemetry: false, initialState: { sharedHeaders: { Authorization: 'Bearer <paste a token from `npm run token`>' } } },
        includeCookies: false,
      });
    case 'explorer':
      return explorerLandingPage({ endpoint: graphqlPath(env), identities: devTokensAvailable(env) });
  }
}

/** Options of {@link explorerLandingPage}. */
export interface ExplorerOptions {
  /** Where the explorer sends its operations: the graph's path. */
  endpoint: string;
  /** Whether the page offers the demo world's identities (development tokens are minted here). */
  identities: boolean;
}

/** GraphiQL at the graph's URL, rendered once, on the first browser's visit. */
export function explorerLandingPage(options: ExplorerOptions): ApolloServerPlugin {
  let html: Promise<string> | undefined;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: () => (html ??= explorerPage(options)) };
        },
      };
    },
  };
}
