import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROVINCES, type CellService } from '#reference-data';

export const CrisisCellSchema = defineEntity({
  name: 'CrisisCell',
  tableName: 'crisis_cell',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(16).unique(),
    name: p.string(),
    hospital: p.string(),
    address: p.string(),
    city: p.string().length(64),
    district: p.string().length(64).index(),
    province: p.enum(PROVINCES).index(),
    open24Hours: p.boolean(),
    services: p.array().$type<CellService[]>(),
    helpline: p.string().length(32),
    capacity: p.integer(),
  },
});

export type CrisisCell = InferEntity<typeof CrisisCellSchema>;
