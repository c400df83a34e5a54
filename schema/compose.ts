/**
 * Composes schema/supergraph.graphql from every subgraph's SDL with @apollo/composition.
 * Fails on composition errors and on hints of consequence; `--check` fails when the
 * committed supergraph differs from a fresh composition instead of writing it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import composition from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';
import { SUBGRAPH_NAMES, loadSubgraphTypeDefs, subgraphUrl } from '../subgraphs/index.ts';
import { fieldAccessOf, policyProblems } from '#policy';
import { unsizedListFields } from '#service';

const supergraphPath = new URL('./supergraph.graphql', import.meta.url);

const { composeServices } = composition;

// Deny by default: a field without a rule, or one that can be forbidden but cannot answer null, fails composition.
const problems = SUBGRAPH_NAMES.flatMap((name) => policyProblems(loadSubgraphTypeDefs(name)).map((problem) => `[${name}] ${problem}`));
if (problems.length > 0) {
  for (const problem of problems) console.error(`access policy: ${problem}`);
  process.exit(1);
}
// Operation cost (README "Operation limits"): a list nothing sizes would be costed at a guess.
const unsized = SUBGRAPH_NAMES.flatMap((name) => unsizedListFields(loadSubgraphTypeDefs(name)).map((field) => `[${name}] ${field}`));
if (unsized.length > 0) {
  for (const field of unsized)
    console.error(`operation cost: ${field} is a list without @listSize, and no field returning its type sizes it`);
  process.exit(1);
}

const result = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: subgraphUrl(name), typeDefs: loadSubgraphTypeDefs(name) })));

if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}
const consequentialHints = result.hints.filter((hint) => hint.definition.level.name === 'WARN');
for (const hint of result.hints) console.error(`composition hint (${hint.definition.code}): ${hint.message}`);
if (consequentialHints.length > 0) process.exit(1);

// @rowRule is repeatable, so where subgraphs give a shared type or field different row rules,
// composition unites them without a hint: each subgraph's row rules must be the supergraph's.
const composedRows = rowRulesOf(parse(result.supergraphSdl));
const rowDifferences = SUBGRAPH_NAMES.flatMap((name) =>
  [...rowRulesOf(loadSubgraphTypeDefs(name))].flatMap(([where, rows]) =>
    rows === composedRows.get(where)
      ? []
      : [`[${name}] ${where}: @rowRule differs between subgraphs (here ${rows}; composed ${composedRows.get(where)})`],
  ),
);
if (rowDifferences.length > 0) {
  for (const difference of rowDifferences) console.error(`access policy: ${difference}`);
  process.exit(1);
}

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

/** The row rules each type and field declares (`Type`, `Type.field`), where it has a `@rowRule`. */
function rowRulesOf(document: DocumentNode): Map<string, string> {
  const rowRules = new Map<string, string>();
  const key = (rows: object) =>
    Object.entries(rows)
      .sort()
      .map(([agency, condition]) => `${agency}: ${condition}`)
      .join(', ');
  for (const { type, field, own, ofType } of fieldAccessOf(document)) {
    if (ofType && Object.keys(ofType.rows).length > 0) rowRules.set(type, key(ofType.rows));
    if (own && Object.keys(own.rows).length > 0) rowRules.set(`${type}.${field}`, key(own.rows));
  }
  return rowRules;
}
