import type { SubgraphContext } from '#subgraph';
import type { CourtsLoaders } from './loaders.ts';

export type CourtsContext = SubgraphContext<CourtsLoaders>;
