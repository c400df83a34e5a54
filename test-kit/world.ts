import { caseCount, generateCase, type CaseFacts } from '#synthetic-world';

/** The cases the test stack is seeded with (scale 1), generated independently of any subgraph. */
let cases: CaseFacts[] | undefined;
export function seededCases(): CaseFacts[] {
  cases ??= Array.from({ length: caseCount(1) }, (_, index) => generateCase(1, index));
  return cases;
}
