import type { SubgraphContext } from '#subgraph';
import type { CaseLoaders } from './loaders.ts';

export type CasesContext = SubgraphContext<CaseLoaders>;
