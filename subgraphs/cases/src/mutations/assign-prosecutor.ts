import type { AssignProsecutorInput } from '../generated/resolvers-types.ts';
import { assigningMutation } from './case-assignment.ts';

/**
 * assignProsecutor: the district prosecutor names the prosecutor of a case of
 * the province (CASE_STEPS: from the investigation until the verdict), who
 * becomes the case's assigned prosecutor, replacing any before.
 */
export const assignProsecutor = assigningMutation<AssignProsecutorInput>({
  name: 'assignProsecutor',
  agency: 'PROSECUTION',
  assigneeField: 'prosecutorId',
  assigneeNoun: 'A prosecutor',
});
