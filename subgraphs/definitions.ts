/** Every subgraph's definition by name, for the scripts and tests that act on all of them. */
import type { SubgraphDefinition } from '#subgraph';
import type { SubgraphName } from './index.ts';
import { casesSubgraph } from './cases/src/server.ts';
import { courtsSubgraph } from './courts/src/server.ts';
import { crisisCellsSubgraph } from './crisis-cells/src/server.ts';
import { offendersSubgraph } from './offenders/src/server.ts';

export const subgraphDefinitions: Record<SubgraphName, SubgraphDefinition<unknown>> = {
  cases: casesSubgraph as SubgraphDefinition<unknown>,
  offenders: offendersSubgraph as SubgraphDefinition<unknown>,
  courts: courtsSubgraph as SubgraphDefinition<unknown>,
  'crisis-cells': crisisCellsSubgraph as SubgraphDefinition<unknown>,
};
