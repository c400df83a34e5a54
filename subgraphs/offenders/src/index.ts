import { runSubgraph } from '#subgraph';
import { offendersSubgraph } from './server.ts';

await runSubgraph(offendersSubgraph);
