import { checkExpectedVersion } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { MutationSteps, UserError } from '#mutation';
import type { Case } from '../entities/case.entity.ts';
import { CounsellingSessionSchema } from '../entities/counselling-session.entity.ts';
import type { RecordCounsellingSessionInput } from '../generated/resolvers-types.ts';
import { refusedUpdate } from './case-status.ts';
import { lockedCase } from './case-update.ts';

const MIN_MINUTES = 10;
const MAX_MINUTES = 240;
const MAX_NOTES = 4_000;

const at = (...path: string[]) => ['input', ...path];

/** recordCounsellingSession: one of the crisis cell's counsellors records a session with the survivor of a case of the cell. */
export const recordCounsellingSession: MutationSteps<RecordCounsellingSessionInput, Case, Case> = {
  name: 'recordCounsellingSession',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('heldAt'), new Date(input.heldAt));
    checks.text(at('counsellorName'), input.counsellorName, 128);
    checks.integer(at('durationMinutes'), input.durationMinutes, MIN_MINUTES, MAX_MINUTES);
    checks.text(at('notes'), input.notes, MAX_NOTES, { required: false });
  },

  // The case, locked for the rest of the transaction.
  load: (tx, input) => lockedCase(tx, input.caseId),

  storedRow: (row) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

  check(row, input, checks): UserError[] {
    const refused = refusedUpdate(row, input.expectedVersion, 'recordCounsellingSession');
    if (refused.length > 0) return refused;
    checks.inOrder(at('heldAt'), row.reportedAt, new Date(input.heldAt), 'The session cannot come before the report.');
    return [];
  },

  async change(tx, row, input) {
    const id = randomUUID();
    tx.create(CounsellingSessionSchema, {
      id,
      case: row,
      heldAt: new Date(input.heldAt),
      kind: input.kind,
      counsellorName: input.counsellorName.trim(),
      durationMinutes: input.durationMinutes,
      notes: input.notes?.trim() ?? null,
    });
    row.version += 1;
    return { entity: row, rowIds: [row.id, id] };
  },
};
