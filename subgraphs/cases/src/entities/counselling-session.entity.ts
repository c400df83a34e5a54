import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COUNSELLING_KINDS } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/** A counselling session the crisis cell held with the survivor. */
export const CounsellingSessionSchema = defineEntity({
  name: 'CounsellingSession',
  tableName: 'counselling_session',
  properties: {
    id: p.uuid().primary(),
    case: () => p.manyToOne(CaseSchema).ref().index(),
    heldAt: p.datetime(),
    kind: p.enum(COUNSELLING_KINDS),
    counsellorName: p.string().length(128),
    durationMinutes: p.smallint(),
    /** The counsellor's notes of the session, when any: read by the cell's counsellors alone. */
    notes: p.text().nullable(),
  },
});

export type CounsellingSession = InferEntity<typeof CounsellingSessionSchema>;
