import { runSubgraph } from '#subgraph';
import { crisisCellsSubgraph } from './server.ts';

await runSubgraph(crisisCellsSubgraph);
