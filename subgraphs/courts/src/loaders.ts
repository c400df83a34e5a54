import type { EntityManager } from '@mikro-orm/core';
import { childrenLoader, rowLoader } from '#storage';
import { ChargeSchema } from './entities/charge.entity.ts';
import { ConvictionSchema } from './entities/conviction.entity.ts';
import { HearingSchema } from './entities/hearing.entity.ts';
import { ProsecutorSchema } from './entities/prosecutor.entity.ts';
import { SpecialCourtSchema } from './entities/special-court.entity.ts';
import { TrialSchema } from './entities/trial.entity.ts';
import { uuidsOnly } from '#reference-data';

/**
 * Per-request loaders: one statement per loader per tick, whatever the number
 * of trials, references or convictions a request touches. Keys that are not
 * uuids match nothing and are never sent to the database.
 */
export function createCourtsLoaders(em: EntityManager) {
  return {
    trialById: rowLoader(
      async (ids) => em.find(TrialSchema, { id: { $in: uuidsOnly(ids) } }),
      (trial) => trial.id,
    ),
    trialByCaseId: rowLoader(
      async (caseIds) => em.find(TrialSchema, { caseId: { $in: uuidsOnly(caseIds) } }),
      (trial) => trial.caseId,
    ),
    courtById: rowLoader(
      async (ids) => em.find(SpecialCourtSchema, { id: { $in: uuidsOnly(ids) } }),
      (court) => court.id,
    ),
    prosecutorById: rowLoader(
      async (ids) => em.find(ProsecutorSchema, { id: { $in: uuidsOnly(ids) } }),
      (prosecutor) => prosecutor.id,
    ),
    chargesByTrial: childrenLoader(
      async (trialIds) => em.find(ChargeSchema, { trial: { $in: uuidsOnly(trialIds) } }, { orderBy: { trial: 'ASC', position: 'ASC' } }),
      (charge) => charge.trial.id,
    ),
    hearingsByTrial: childrenLoader(
      async (trialIds) =>
        em.find(HearingSchema, { trial: { $in: uuidsOnly(trialIds) } }, { orderBy: { trial: 'ASC', scheduledFor: 'ASC', id: 'ASC' } }),
      (hearing) => hearing.trial.id,
    ),
    convictionById: rowLoader(
      async (ids) => em.find(ConvictionSchema, { id: { $in: uuidsOnly(ids) } }),
      (conviction) => conviction.id,
    ),
    convictionsByTrial: childrenLoader(
      async (trialIds) =>
        em.find(
          ConvictionSchema,
          { trial: { $in: uuidsOnly(trialIds) } },
          { orderBy: { trial: 'ASC', suspectPosition: 'ASC', id: 'ASC' } },
        ),
      (conviction) => conviction.trial.id,
    ),
    convictionsByOffender: childrenLoader(
      async (offenderIds) =>
        em.find(
          ConvictionSchema,
          { offenderId: { $in: uuidsOnly(offenderIds) } },
          { orderBy: { offenderId: 'ASC', convictedAt: 'ASC', id: 'ASC' } },
        ),
      // Found by offenderId, so each has one (a conviction without its register entry yet is no offender's).
      (conviction) => conviction.offenderId as string,
    ),
  };
}

export type CourtsLoaders = ReturnType<typeof createCourtsLoaders>;
