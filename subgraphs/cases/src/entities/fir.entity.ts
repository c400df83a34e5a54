import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CaseSchema } from './case.entity.ts';

/** The First Information Report the police registered for a case, at most one per case. */
export const FirSchema = defineEntity({
  name: 'Fir',
  tableName: 'fir',
  properties: {
    case: () => p.oneToOne(CaseSchema).ref().primary(),
    number: p.string().length(64).unique(),
    registeredAt: p.datetime(),
    policeStation: p.string().length(128),
    district: p.string().length(64),
    sections: p.array().$type<string[]>(),
  },
});

export type Fir = InferEntity<typeof FirSchema>;
