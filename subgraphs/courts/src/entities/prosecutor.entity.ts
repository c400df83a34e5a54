import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROVINCES } from '#reference-data';

/** A special prosecutor; several per district. */
export const ProsecutorSchema = defineEntity({
  name: 'Prosecutor',
  tableName: 'prosecutor',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    office: p.string(),
    district: p.string().length(64).index(),
    province: p.enum(PROVINCES),
  },
});

export type Prosecutor = InferEntity<typeof ProsecutorSchema>;
