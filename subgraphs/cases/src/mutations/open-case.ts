import { randomUUID } from 'node:crypto';
import { nextGapFreeNumber } from '#storage';
import type { MutationSteps } from '#mutation';
import { DISTRICTS_BY_NAME, isUuid, pakistanYear, scheduledOffenceOf } from '#reference-data';
import { CaseReferenceCounterSchema } from '../entities/case-reference-counter.entity.ts';
import { CaseSchema, type Case } from '../entities/case.entity.ts';
import { CrisisCellCodeSchema, type CrisisCellCode } from '../entities/crisis-cell-code.entity.ts';
import { SurvivorSchema } from '../entities/survivor.entity.ts';
import type { OpenCaseInput } from '../generated/resolvers-types.ts';

const MAX_SECTIONS = 10;

/**
 * openCase: a survivor's report opens a case at the caller's own crisis cell
 * (the token's cellId: the input names no cell, so no one opens a case for
 * another), with the reference the cell's counter gives it.
 */
export const openCase: MutationSteps<OpenCaseInput, CrisisCellCode, Case> = {
  name: 'openCase',
  rowNoun: 'crisis cell',
  rowField: null,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checks.notInFuture(at('reportedAt'), new Date(input.reportedAt));
    checks.list(
      at('offenceSections'),
      input.offenceSections,
      MAX_SECTIONS,
      (section) => scheduledOffenceOf(section) !== null,
      'Each section must be one the Act schedules, written e.g. PPC 376(1).',
    );
    checks.that(at('district'), DISTRICTS_BY_NAME.has(input.district), 'Not a district of Pakistan as the graph names them (e.g. Lahore).');
    const { survivor } = input;
    checks.text(at('survivor', 'fullName'), survivor.fullName, 128);
    checks.cnic(at('survivor', 'cnic'), survivor.cnic);
    checks.phone(at('survivor', 'contactPhone'), survivor.contactPhone);
    checks.integer(at('survivor', 'ageAtIncident'), survivor.ageAtIncident, 0, 120);
  },

  // The cell the case opens at, the caller's own: none (NOT_FOUND) for a token without a cell the cases subgraph knows.
  load: (tx, _input, viewer) =>
    isUuid(viewer.cellId) ? tx.findOne(CrisisCellCodeSchema, { cellId: viewer.cellId }) : Promise.resolve(null),

  storedRow: (cell) => ({ id: cell.cellId, cellId: cell.cellId }),

  async change(tx, cell, input) {
    const reportedAt = new Date(input.reportedAt);
    const year = pakistanYear(reportedAt);
    const prefix = `ARCC-${cell.code}-${year}-`;
    const sequence = await nextGapFreeNumber(tx, {
      counter: CaseReferenceCounterSchema,
      codeColumn: 'cell_code',
      code: cell.code,
      year,
      numbered: CaseSchema,
      numberColumn: 'reference',
      prefix,
    });
    const reference = `${prefix}${String(sequence).padStart(6, '0')}`;
    const district = DISTRICTS_BY_NAME.get(input.district)!;
    const { survivor } = input;
    const id = randomUUID();
    const opened = tx.create(CaseSchema, {
      id,
      reference,
      reportedAt,
      category: input.category,
      offenceSections: [...input.offenceSections],
      status: 'REPORTED',
      province: district.province,
      district: district.name,
      crisisCellId: cell.cellId,
      childSurvivor: survivor.ageAtIncident !== null && survivor.ageAtIncident !== undefined && survivor.ageAtIncident < 18,
      hasFir: false,
      verdictOutcome: null,
      version: 1,
    });
    tx.create(SurvivorSchema, {
      case: opened,
      pseudonym: `Survivor-${district.code}-${id.slice(0, 8).toUpperCase()}`,
      fullName: survivor.fullName.trim(),
      cnic: survivor.cnic ?? null,
      contactPhone: survivor.contactPhone ?? null,
      ageAtIncident: survivor.ageAtIncident ?? null,
    });
    // The survivor's row is keyed by the case: the one row id names both.
    // The survivor's identity written: on the trail as such, beside the mutation's entry, never the values.
    return { entity: opened, rowIds: [id], written: [{ field: 'Survivor.identity', rowIds: [id] }] };
  },
};
