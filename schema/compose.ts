/**
 * Composes schema/supergraph.graphql from every subgraph's SDL with @apollo/composition.
 * Fails on composition errors and on hints of consequence; `--check` fails when the
 * committed supergraph differs from a fresh composition instead of writing it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import composition from '@apollo/composition';
import { SUBGRAPH_NAMES, loadSubgraphTypeDefs, subgraphUrl } from '../subgraphs/index.ts';
import { policyProblems } from '#policy';

const supergraphPath = new URL('./supergraph.graphql', import.meta.url);

const { composeServices } = composition;

// Deny by default: a field without a rule, or one that can be forbidden but cannot answer null, fails composition.
const problems = SUBGRAPH_NAMES.flatMap((name) => policyProblems(loadSubgraphTypeDefs(name)).map((problem) => `[${name}] ${problem}`));
if (problems.length > 0) {
  for (const problem of problems) console.error(`access policy: ${problem}`);
  process.exit(1);
}

const result = composeServices(
  SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphUrl(name), typeDefs: loadSubgraphTypeDefs(name) })),
);

if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}
const consequentialHints = result.hints.filter((hint) => hint.definition.level.name === 'WARN');
for (const hint of result.hints) console.error(`composition hint (${hint.definition.code}): ${hint.message}`);
if (consequentialHints.length > 0) process.exit(1);

const supergraph = `${result.supergraphSdl.trimEnd()}\n`;
if (process.argv.includes('--check')) {
  const committed = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
  if (committed !== supergraph) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it.');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is current.');
} else {
  writeFileSync(supergraphPath, supergraph);
  console.log(`wrote schema/supergraph.graphql (${SUBGRAPH_NAMES.length} subgraphs)`);
}
