/**
 * `npm run docs`: regenerates docs/access-matrix.md from the committed
 * supergraph; `--check` fails when the committed file is stale instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'graphql';
import { accessMatrixMarkdown } from '#policy';

const supergraph = parse(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'));
const target = new URL('../docs/access-matrix.md', import.meta.url);
const markdown = accessMatrixMarkdown(supergraph);

if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== markdown) {
    console.error('docs/access-matrix.md is stale: run `npm run docs` and commit it.');
    process.exit(1);
  }
  console.log('docs/access-matrix.md is current.');
} else {
  writeFileSync(target, markdown);
  console.log('wrote docs/access-matrix.md');
}
