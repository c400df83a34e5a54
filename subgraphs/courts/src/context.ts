import type { SubgraphContext } from '../../kit/src/subgraph-server.ts';
import type { CourtsLoaders } from './loaders.ts';

export type CourtsContext = SubgraphContext<CourtsLoaders>;
