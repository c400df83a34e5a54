import { runSubgraph } from '#subgraph';
import { courtsSubgraph } from './server.ts';

await runSubgraph(courtsSubgraph);
