import type { SubgraphContext } from '../../kit/src/subgraph-server.ts';
import type { CrisisCellLoaders } from './loaders.ts';

export type CrisisCellsContext = SubgraphContext<CrisisCellLoaders>;
