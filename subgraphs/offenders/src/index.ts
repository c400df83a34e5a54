import { runSubgraph } from '#subgraph';
import { offendersSubgraphFor } from './server.ts';

let definition: ReturnType<typeof offendersSubgraphFor>;
try {
  definition = offendersSubgraphFor(process.env);
} catch (error) {
  // A limit of the compliance rules that is not one (REGISTER_*): one line saying which, and no start.
  console.error(`offenders: ${(error as Error).message}`);
  process.exit(1);
}
await runSubgraph(definition);
