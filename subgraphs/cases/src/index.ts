import { runSubgraph } from '#subgraph';
import { casesSubgraph } from './server.ts';

await runSubgraph(casesSubgraph);
