import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROVINCES } from '#reference-data';

/** A special court under the Act (s.3): one per district. */
export const SpecialCourtSchema = defineEntity({
  name: 'SpecialCourt',
  tableName: 'special_court',
  properties: {
    id: p.uuid().primary(),
    /** The district's three-letter code, as in case numbers (SC-LHR-...). */
    code: p.string().length(8).unique(),
    name: p.string(),
    judge: p.string(),
    district: p.string().length(64).index(),
    province: p.enum(PROVINCES).index(),
  },
});

export type SpecialCourt = InferEntity<typeof SpecialCourtSchema>;
