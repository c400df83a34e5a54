import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TrialSchema } from './trial.entity.ts';

/** What an appellate court decides of a conviction. */
export const APPEAL_OUTCOMES = ['UPHELD', 'QUASHED'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/**
 * A conviction recorded by a verdict. The convict's register entry lives in
 * the offenders subgraph, so `offenderId` is an indexed uuid, not a foreign key;
 * it is null for a conviction recorded through the graph until the register
 * has its entry (the ConvictionRecorded event of DESIGN section 8).
 * An appellate court's decision on it, once made, is in the `appeal*` columns.
 */
export const ConvictionSchema = defineEntity({
  name: 'Conviction',
  tableName: 'conviction',
  properties: {
    id: p.uuid().primary(),
    trial: () => p.manyToOne(TrialSchema).ref().index(),
    offenderId: p.uuid().nullable().index(),
    /** The convict's position in the case's suspect list (cases subgraph). */
    suspectPosition: p.smallint(),
    offenceSection: p.string().length(64),
    convictedAt: p.datetime(),
    sentenceDescription: p.string(),
    imprisonmentYears: p.smallint().nullable(),
    lifeImprisonment: p.boolean(),
    death: p.boolean(),
    fineRupees: p.integer().nullable(),
    /** UPHELD or QUASHED by the appellate court; null while the conviction stands unappealed. */
    appealOutcome: p.enum(APPEAL_OUTCOMES).nullable(),
    appealDecidedAt: p.datetime().nullable(),
    /** The appellate court's own reference for the appeal (Crl. Appeal No. 123/2026). */
    appealReference: p.string().length(64).nullable(),
    /** The appellate court that decided it (the token's courtId), when its token names one. */
    appealCourtId: p.uuid().nullable(),
  },
});

export type Conviction = InferEntity<typeof ConvictionSchema>;
