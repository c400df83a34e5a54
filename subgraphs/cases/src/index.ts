import { runSubgraph } from '../../kit/src/run-subgraph.ts';
import { casesSubgraph } from './server.ts';

await runSubgraph(casesSubgraph);
