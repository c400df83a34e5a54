// The context every part of a SYNTHETIC case is generated from.

import { syntheticUuid, type Rng } from './random.ts';
import type { CrisisCellSite, District } from './geography.ts';
import type { OffenceCategory } from './facts.ts';

/** Everything decided about a case before its parts are generated. */
export interface CaseContext {
  rng: Rng;
  scale: number;
  index: number;
  reportedMs: number;
  district: District;
  cell: CrisisCellSite | null;
  category: OffenceCategory;
  sections: string[];
  child: boolean;
}

export function caseId(index: number): string {
  return syntheticUuid('case', index);
}

/** Offences committed online leave little for a medical examination to find. */
export const ONLINE_CATEGORIES: ReadonlySet<OffenceCategory> = new Set(['ONLINE_SEXUAL_HARASSMENT', 'CHILD_PORNOGRAPHY']);
