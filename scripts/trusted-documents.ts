/**
 * `npm run trusted-documents -- [--out FILE] [--check] FILE...`: an Apollo
 * persisted-query manifest of the operations in these `.graphql` (or `.gql`)
 * files, and in the ```graphql blocks of these Markdown files, for the
 * gateway's trusted documents (README "Trusted documents"). Printed on stdout,
 * or written to `--out`; with `--check`, fails when `--out` is not what these
 * files make. A bad file or option is said in one line.
 *
 *   npm run trusted-documents -- --out trusted-documents/register-app.json src/**\/*.graphql
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apolloManifest } from '../gateway/plugins/trusted-documents/manifest.ts';
import {
  markdownSources,
  type OperationSource,
  OperationSourceRefused,
  operationsOf,
} from '../gateway/plugins/trusted-documents/operations.ts';

const usage = 'usage: npm run trusted-documents -- [--out FILE] [--check] FILE.graphql|FILE.md ...';

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

const sources: OperationSource[] = files.flatMap((file) => {
  if (!/\.(graphql|gql|md)$/.test(file)) fail(`${file}: expected a .graphql, .gql or .md file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return file.endsWith('.md') ? markdownSources(file, text) : [{ name: file, text }];
});

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
