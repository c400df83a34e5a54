import type { SubgraphContext } from '#subgraph';
import type { CrisisCellLoaders } from './loaders.ts';

export type CrisisCellsContext = SubgraphContext<CrisisCellLoaders>;
