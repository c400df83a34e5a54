import { readFile } from 'node:fs/promises';
import { DEMO_CASE_REFERENCE, DEV_TOKEN_PATH, devIdentities } from '../dev-identities.ts';
import type { ExplorerOptions } from './index.ts';

/** The query a new visitor finds: the demo case across every agency, which the investigating officer may read. */
const DEMO_QUERY = `# Choose who you are in the bar above:
# a fresh token goes into the headers.
# Then run this query (Ctrl-Enter).
# The docs say who may read each field.
query DemoCase {
  caseByReference(
    reference: "${DEMO_CASE_REFERENCE}"
  ) {
    reference
    status
    district
    crisisCell { name }
    fir { number policeStation }
    investigation {
      investigatingOfficer
      status
    }
    trial {
      caseNumber
      court { name judge }
      verdict { outcome }
    }
  }
}
`;

/**
 * The explorer's HTML: GraphiQL as @graphql-yoga/render-graphiql renders it,
 * its editor, styles and workers inlined (no request leaves the gateway),
 * and, in development, a bar to act as one of the demo world's people.
 */
export async function explorerPage(options: ExplorerOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL({
    title: 'Anti-Rape Act graph: explorer',
    endpoint: options.endpoint,
    defaultQuery: DEMO_QUERY,
    defaultEditorToolsVisibility: options.identities ? 'headers' : 'variables',
  });
  if (!options.identities) return html;
  return withIdentityPicker(html, await identityBar());
}

async function identityBar(): Promise<{ head: string; body: string; script: string }> {
  const identities = (await devIdentities()).map(({ id, label }) => ({ id, label }));
  const script = await readFile(new URL('./identity-picker.js', import.meta.url), 'utf8');
  return {
    head: `<style>${BAR_STYLE}</style>`,
    body: `<header class="explorer-bar">
  <strong>Anti-Rape Act graph</strong>
  <label for="explorer-identity">Act as</label>
  <select id="explorer-identity"><option value="">a person of the demo world…</option></select>
  <output id="explorer-identity-status" role="status" aria-live="polite"></output>
</header>`,
    script: `<script type="application/json" id="explorer-identities">${scriptSafeJson({ identities, tokenPath: DEV_TOKEN_PATH })}</script>
<script>${script}</script>`,
  };
}

/**
 * The picker writes the chosen person's headers into GraphiQL's headers
 * editor, a Monaco model, so the developer sees and may edit them. GraphiQL
 * has no API for that from outside its React tree; Monaco's documented
 * `MonacoEnvironment.globalAPI` exposes `monaco.editor.getModels()`, and
 * render-graphiql sets it false in its inline script, so that one setting is
 * turned on here. Should render-graphiql change its page, this fails at
 * the first visit rather than leaving a picker that does nothing.
 */
function withIdentityPicker(html: string, bar: { head: string; body: string; script: string }): string {
  // The inlined code itself holds "</head>", "<body" and "</body>" in strings: the page's own are its first
  // </head> and <body (before any script) and its last </body>.
  const headEnd = html.indexOf('</head>');
  const bodyStart = html.indexOf('>', html.indexOf('<body', headEnd)) + 1;
  const bodyEnd = html.lastIndexOf('</body>');
  const monaco = html.indexOf('globalAPI: false');
  if (headEnd < 0 || bodyStart <= headEnd || bodyEnd < bodyStart || monaco < bodyStart || monaco > bodyEnd)
    throw new Error("render-graphiql's page has changed: the identity picker has nowhere to go");
  return [
    html.slice(0, headEnd),
    `${bar.head}\n`,
    html.slice(headEnd, bodyStart),
    `\n${bar.body}`,
    html.slice(bodyStart, monaco),
    'globalAPI: true',
    html.slice(monaco + 'globalAPI: false'.length, bodyEnd),
    `${bar.script}\n`,
    html.slice(bodyEnd),
  ].join('');
}

/** JSON inside a <script> element: `<` escaped, so no value can close the element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

const BAR_STYLE = `
body { display: flex; flex-direction: column; height: 100vh; }
#root { flex: 1; min-height: 0; }
#root > .graphiql-container { height: 100%; }
.explorer-bar {
  display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap;
  padding: 0.5rem 1rem; background: #0b3d2e; color: #fff;
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif;
}
.explorer-bar strong { margin-right: 1rem; }
.explorer-bar select { font: inherit; padding: 0.2rem 0.4rem; max-width: 38rem; }
.explorer-bar select:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.explorer-bar output { opacity: 0.95; }
`;
