import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { MutationSteps } from '#mutation';
import { CELL_SERVICES, isUuid } from '#reference-data';
import { CellVisitSchema, type CellVisit } from '../entities/cell-visit.entity.ts';
import { CrisisCellSchema, type CrisisCell } from '../entities/crisis-cell.entity.ts';
import type { RecordCellVisitInput } from '../generated/resolvers-types.ts';
import { storedCellRow } from '../rows.ts';

const SERVICES = ['input', 'services'];

/**
 * recordCellVisit: a survivor's visit to the caller's own crisis cell (the
 * token's cellId: the input names no cell, so no one records a visit for
 * another), with the services the cell gave, for the cell's returns and the
 * committee's figures. Nothing in it names the survivor or a case.
 *
 * A visit is a record made once, never changed: it has no version and no
 * status, so no STALE_VERSION or INVALID_TRANSITION can arise.
 */
export const recordCellVisit: MutationSteps<RecordCellVisitInput, CrisisCell, CellVisit> = {
  name: 'recordCellVisit',
  rowNoun: 'crisis cell',
  rowField: null,

  validate(input, checks) {
    checks.notInFuture(['input', 'arrivedAt'], new Date(input.arrivedAt));
    checks.that(SERVICES, new Set(input.services).size === input.services.length, 'Each service at most once.');
  },

  // The caller's own cell, FOR SHARE until the visit commits: the services it offers cannot change under the check, and visits at one cell do not wait for each other. None (NOT_FOUND) for a token without a cell of the directory.
  load: (tx, _input, viewer) =>
    isUuid(viewer.cellId)
      ? tx.findOne(CrisisCellSchema, { id: viewer.cellId }, { lockMode: LockMode.PESSIMISTIC_READ })
      : Promise.resolve(null),

  storedRow: storedCellRow,

  check(cell, input, checks) {
    const notOffered = input.services.filter((service) => !cell.services.includes(service));
    checks.that(SERVICES, notOffered.length === 0, `The cell does not offer ${notOffered.join(', ')} (CrisisCell.services).`);
    return [];
  },

  async change(tx, cell, input) {
    const visit = tx.create(CellVisitSchema, {
      id: randomUUID(),
      cell,
      arrivedAt: new Date(input.arrivedAt),
      childSurvivor: input.childSurvivor,
      // Stored in the order of CellService, as every visit is.
      services: CELL_SERVICES.filter((service) => input.services.includes(service)),
    });
    return { entity: visit, rowIds: [visit.id] };
  },
};
