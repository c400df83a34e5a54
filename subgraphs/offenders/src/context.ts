import type { SubgraphContext } from '#subgraph';
import type { OffenderLoaders } from './loaders.ts';

export type OffendersContext = SubgraphContext<OffenderLoaders>;
