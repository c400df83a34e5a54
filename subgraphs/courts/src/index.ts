import { runSubgraph } from '../../kit/src/run-subgraph.ts';
import { courtsSubgraph } from './server.ts';

await runSubgraph(courtsSubgraph);
