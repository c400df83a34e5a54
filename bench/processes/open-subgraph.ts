/**
 * A subgraph process with its access policy and its audit trail OFF, for the
 * plain-gateway baseline of `npm run bench` (configuration b) and the
 * subgraph-direct floor (a): `node bench/processes/open-subgraph.ts <name>`,
 * configured by the same environment as `subgraphs/<name>/src/index.ts`.
 * The switches are set here, in code; the subgraph refuses them in production.
 */
import { runSubgraph } from '#subgraph';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/index.ts';
import { subgraphDefinitions } from '../../subgraphs/definitions.ts';

const name = process.argv[2] as SubgraphName;
if (!SUBGRAPH_NAMES.includes(name)) throw new Error(`usage: open-subgraph.ts <${SUBGRAPH_NAMES.join('|')}>`);
await runSubgraph(subgraphDefinitions[name], process.env, { enforcement: 'off', audit: 'off' });
