import { runSubgraph } from '../../kit/src/run-subgraph.ts';
import { crisisCellsSubgraph } from './server.ts';

await runSubgraph(crisisCellsSubgraph);
