/**
 * `npm run trusted-documents -- [--out FILE] [--check] FILE...`: an Apollo
 * persisted-query manifest of the operations in these `.graphql` (or `.gql`)
 * files, in the ```graphql blocks of these Markdown files, and in the string
 * exports of these TypeScript modules that are operations (a page the gateway
 * serves, such as the committee's dashboard, keeps its operation in one; such a
 * document is registered byte for byte, as the page sends it), for the
 * gateway's trusted documents (README "Trusted documents"). Printed on stdout,
 * or written to `--out`; with `--check`, fails when `--out` is not what these
 * files make. A bad file or option is said in one line.
 *
 *   npm run trusted-documents -- --out trusted-documents/register-app.json src/**\/*.graphql
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { apolloManifest } from '../gateway/plugins/trusted-documents/manifest.ts';
import {
  markdownSources,
  type OperationSource,
  OperationSourceRefused,
  operationsOf,
} from '../gateway/plugins/trusted-documents/operations.ts';

const usage = 'usage: npm run trusted-documents -- [--out FILE] [--check] FILE.graphql|FILE.md|FILE.ts ...';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const { values, positionals: files } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (files.length === 0) fail(`no file given\n${usage}`, 2);
if (values.check && !values.out) fail(`--check compares with the manifest given by --out\n${usage}`, 2);

/** The string exports of a TypeScript module that are operations, each named by its export. */
async function moduleSources(file: string): Promise<OperationSource[]> {
  let exported: Record<string, unknown>;
  try {
    exported = await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    fail(`${file}: cannot be loaded (${(error as Error).message.split('\n')[0]})`);
  }
  return Object.entries(exported)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^\s*(query|mutation|subscription)\b/.test(entry[1]))
    .map(([name, text]) => ({ name: `${file}#${name}`, text, exact: true }));
}

const sources: OperationSource[] = [];
for (const file of files) {
  if (!/\.(graphql|gql|md|ts)$/.test(file)) fail(`${file}: expected a .graphql, .gql, .md or .ts file`);
  if (file.endsWith('.ts')) {
    sources.push(...(await moduleSources(file)));
    continue;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  sources.push(...(file.endsWith('.md') ? markdownSources(file, text) : [{ name: file, text }]));
}

let operations: ReturnType<typeof operationsOf>;
try {
  operations = operationsOf(sources);
} catch (error) {
  if (!(error instanceof OperationSourceRefused)) throw error;
  fail(error.message);
}
if (operations.length === 0) fail(`no operation in ${files.join(', ')}`);
const manifest = `${JSON.stringify(apolloManifest(operations), null, 2)}\n`;

if (values.check) {
  if (!existsSync(values.out!) || readFileSync(values.out!, 'utf8') !== manifest)
    fail(`${values.out} is stale: run \`npm run trusted-documents -- --out ${values.out} ${files.join(' ')}\` and commit it.`);
  console.log(`${values.out} is current.`);
} else if (values.out) {
  writeFileSync(values.out, manifest);
  console.log(`wrote ${values.out}: ${operations.length} operation${operations.length === 1 ? '' : 's'}`);
} else {
  process.stdout.write(manifest);
}
