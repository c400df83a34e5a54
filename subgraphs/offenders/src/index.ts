import { runSubgraph } from '../../kit/src/run-subgraph.ts';
import { offendersSubgraph } from './server.ts';

await runSubgraph(offendersSubgraph);
