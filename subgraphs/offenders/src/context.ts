import type { SubgraphContext } from '../../kit/src/subgraph-server.ts';
import type { OffenderLoaders } from './loaders.ts';

export type OffendersContext = SubgraphContext<OffenderLoaders>;
