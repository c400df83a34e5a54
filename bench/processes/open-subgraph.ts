/**
 * A subgraph process assembled without some of its parts, for the
 * plain-gateway baseline of `npm run bench` (configuration b) and the
 * subgraph-direct floor (a): the open set leaves out the access policy and
 * the audit trail; and for the product without its limits (c'), which
 * leaves out the operation limits. Configured by the same environment as
 * `subgraphs/<name>/src/index.ts`; the parts it leaves out are named by
 * bench/lib/configurations.ts (`--leave-out`), in code, and the subgraph
 * refuses to start without them in production.
 *
 *   node bench/processes/open-subgraph.ts <name> --leave-out enforcement,audit-trail
 */
import { parseArgs } from 'node:util';
import { defaultSubgraphParts, runSubgraph, SUBGRAPH_PART_NAMES, type SubgraphPartName } from '#subgraph';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/index.ts';
import { subgraphDefinitions } from '../../subgraphs/definitions.ts';
import { partNames } from '../lib/parts.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'leave-out': { type: 'string', default: '' } } });
const name = positionals[0] as SubgraphName;
if (!SUBGRAPH_NAMES.includes(name)) throw new Error(`usage: open-subgraph.ts <${SUBGRAPH_NAMES.join('|')}> --leave-out part,...`);
const leaveOut = partNames<SubgraphPartName>(values['leave-out'], SUBGRAPH_PART_NAMES);
await runSubgraph(subgraphDefinitions[name], process.env, { parts: defaultSubgraphParts({ leaveOut }) });
