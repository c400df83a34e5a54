import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CELL_SERVICES } from '#reference-data';
import { CrisisCellSchema } from './crisis-cell.entity.ts';

/**
 * A survivor's attendance at a crisis cell, as the cell records it for its
 * own returns: when, whether the survivor was a child, which services the
 * cell gave. Nothing in it identifies the survivor or links to a case (the
 * case file is the cases subgraph's). The cell's staff record it
 * (recordCellVisit, which alone returns it, to them); it exists to be
 * counted for the Special Committee (metrics.ts). Recorded once, never
 * changed: it has no version.
 *
 * The metrics read a year of visits by arrival with their cell's district:
 * the (arrived_at) index serves that range, the (cell_id, arrived_at) one a
 * cell's own visits and the foreign key.
 */
export const CellVisitSchema = defineEntity({
  name: 'CellVisit',
  tableName: 'cell_visit',
  properties: {
    id: p.uuid().primary(),
    cell: () => p.manyToOne(CrisisCellSchema).ref(),
    arrivedAt: p.datetime(),
    /** The survivor was under 18, as the cell assessed on arrival. */
    childSurvivor: p.boolean(),
    /** What the cell gave the survivor on this visit (several at once, each at most once). */
    services: p.enum(CELL_SERVICES).array(),
  },
  indexes: [
    { name: 'cell_visit_arrived_at_index', properties: ['arrivedAt'] },
    { name: 'cell_visit_cell_id_arrived_at_index', properties: ['cell', 'arrivedAt'] },
  ],
});

export type CellVisit = InferEntity<typeof CellVisitSchema>;
