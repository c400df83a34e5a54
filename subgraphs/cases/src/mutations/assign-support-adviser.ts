import type { AssignSupportAdviserInput } from '../generated/resolvers-types.ts';
import { assigningMutation } from './case-assignment.ts';

/**
 * assignSupportAdviser: the crisis cell names the survivor's support adviser
 * for a case of its own, whatever the case's status, replacing any before.
 */
export const assignSupportAdviser = assigningMutation<AssignSupportAdviserInput>({
  name: 'assignSupportAdviser',
  agency: 'SUPPORT_ADVISER',
  assigneeField: 'adviserId',
  assigneeNoun: 'An adviser',
});
