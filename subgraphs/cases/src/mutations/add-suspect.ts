import { checkExpectedVersion } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { MutationSteps, UserError } from '#mutation';
import type { SuspectStatus } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { SuspectSchema } from '../entities/suspect.entity.ts';
import type { AddSuspectInput } from '../generated/resolvers-types.ts';
import { assignedOfficerSteps, type OfficersCase } from './case-assignment.ts';
import { refusedUpdate } from './case-status.ts';

/** What a suspect can be when the investigation names them: discharged and charged come later. */
const NEW_SUSPECT_STATUSES: ReadonlySet<SuspectStatus> = new Set(['AT_LARGE', 'ARRESTED', 'ON_BAIL']);
const HELD_STATUSES: ReadonlySet<SuspectStatus> = new Set(['ARRESTED', 'ON_BAIL']);

/** How many suspects the case has: the new one comes after them. */
type CaseForSuspect = OfficersCase<{ suspects: number }>;

/** addSuspect: the case's assigned officer names a suspect of a case under investigation. */
export const addSuspect: MutationSteps<AddSuspectInput, CaseForSuspect, Case> = {
  // The case, whether the caller is its officer, and how many suspects it has so far.
  ...assignedOfficerSteps('addSuspect', async (tx, found) => ({ suspects: await tx.count(SuspectSchema, { case: found.id }) })),

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.text(at('name'), input.name, 128);
    checks.cnic(at('cnic'), input.cnic);
    checks.that(at('status'), NEW_SUSPECT_STATUSES.has(input.status), 'A suspect is added at large, arrested or on bail.');
    const held = HELD_STATUSES.has(input.status);
    if (input.arrestedAt !== null && input.arrestedAt !== undefined) {
      if (checks.that(at('arrestedAt'), held, 'Only an arrested suspect (or one on bail) has an arrest time.')) {
        checks.notInFuture(at('arrestedAt'), new Date(input.arrestedAt));
      }
    }
  },

  check({ case: row }, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'addSuspect');
    if (refused.length > 0) return refused;
    if (input.arrestedAt !== null && input.arrestedAt !== undefined) {
      checks.inOrder(['input', 'arrestedAt'], row.reportedAt, new Date(input.arrestedAt), 'The arrest cannot come before the report.');
    }
    return [];
  },

  async change(tx, { case: row, suspects }, input) {
    const id = randomUUID();
    tx.create(SuspectSchema, {
      id,
      case: row,
      position: suspects + 1,
      name: input.name.trim(),
      cnic: input.cnic ?? null,
      status: input.status,
      arrestedAt: input.arrestedAt ? new Date(input.arrestedAt) : null,
    });
    row.version += 1;
    return { entity: row, rowIds: [row.id, id] };
  },
};
