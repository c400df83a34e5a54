import { checkExpectedVersion, type MutationSteps, userError, type UserError } from '#mutation';
import type { Case } from '../entities/case.entity.ts';
import { FirSchema } from '../entities/fir.entity.ts';
import type { RegisterFirInput } from '../generated/resolvers-types.ts';
import { lockedCase } from './case-update.ts';
import { moveCase, refusedUpdate } from './case-status.ts';

interface CaseForFir {
  case: Case;
  /** Whether the case has its FIR already. */
  registered: boolean;
  /** Whether another FIR holds the number already. */
  numberTaken: boolean;
}

/**
 * registerFir: the SSOIU registers the First Information Report of a reported
 * case of its province, under the case's district and offence sections; the
 * case moves from REPORTED to UNDER_INVESTIGATION.
 */
export const registerFir: MutationSteps<RegisterFirInput, CaseForFir, Case> = {
  name: 'registerFir',
  rowNoun: 'case',
  rowField: ['input', 'caseId'],
  aimedAt: (input) => input.caseId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.text(at('number'), input.number, 64);
    checks.notInFuture(at('registeredAt'), new Date(input.registeredAt));
    checks.text(at('policeStation'), input.policeStation, 128);
  },

  // The case locked for the rest of the transaction; whether it has its FIR, and whether the number is taken (two lookups by key, whatever the data).
  async load(tx, input) {
    const found = await lockedCase(tx, input.caseId);
    if (!found) return null;
    return {
      case: found,
      registered: (await tx.count(FirSchema, { case: found.id })) > 0,
      numberTaken: (await tx.count(FirSchema, { number: input.number.trim() })) > 0,
    };
  },

  storedRow: ({ case: row }) => ({ id: row.id, cellId: row.crisisCellId ?? null, province: row.province }),

  check({ case: row, registered, numberTaken }, input, checks): UserError[] {
    // A case past REPORTED has its FIR (or never needed one), so a second FIR answers INVALID_TRANSITION; the CONFLICT guards a stored row out of step.
    const refused = refusedUpdate(row, input.expectedVersion, 'registerFir');
    if (refused.length > 0) return refused;
    if (registered) return [userError('CONFLICT', ['input', 'caseId'], 'The case has its FIR already.')];
    if (numberTaken) return [userError('CONFLICT', ['input', 'number'], 'Another FIR has this number.')];
    checks.inOrder(
      ['input', 'registeredAt'],
      row.reportedAt,
      new Date(input.registeredAt),
      'The FIR cannot be registered before the report.',
    );
    return [];
  },

  async change(tx, { case: row }, input) {
    tx.create(FirSchema, {
      case: row,
      number: input.number.trim(),
      registeredAt: new Date(input.registeredAt),
      policeStation: input.policeStation.trim(),
      district: row.district,
      sections: [...row.offenceSections],
    });
    moveCase(row, 'registerFir');
    row.hasFir = true;
    row.version += 1;
    return { entity: row, rowIds: [row.id] };
  },
};
