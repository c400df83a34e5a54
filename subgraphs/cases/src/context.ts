import type { SubgraphContext } from '../../kit/src/subgraph-server.ts';
import type { CaseLoaders } from './loaders.ts';

export type CasesContext = SubgraphContext<CaseLoaders>;
