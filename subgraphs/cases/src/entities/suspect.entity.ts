import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SUSPECT_STATUSES } from '#reference-data';
import { CaseSchema } from './case.entity.ts';

/** A person the investigation names as a suspect; the CNIC links to the offenders register. */
export const SuspectSchema = defineEntity({
  name: 'Suspect',
  tableName: 'suspect',
  properties: {
    id: p.uuid().primary(),
    case: () => p.manyToOne(CaseSchema).ref().index(),
    /** Position in the case's list of suspects (their order in the FIR). */
    position: p.smallint(),
    name: p.string().length(128),
    cnic: p.string().length(15).nullable().index(),
    status: p.enum(SUSPECT_STATUSES),
    arrestedAt: p.datetime().nullable(),
  },
});

export type Suspect = InferEntity<typeof SuspectSchema>;
