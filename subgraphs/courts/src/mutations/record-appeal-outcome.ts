import { LockMode } from '@mikro-orm/core';
import { type MutationSteps, type UserError, userError } from '#mutation';
import { isUuid } from '#reference-data';
import { type Conviction, ConvictionSchema } from '../entities/conviction.entity.ts';
import { quashEvent } from '../events.ts';
import { type Trial, TrialSchema } from '../entities/trial.entity.ts';
import type { RecordAppealOutcomeInput } from '../generated/resolvers-types.ts';

interface ConvictionOnAppeal {
  conviction: Conviction;
  /** Its trial: whose province the appellate court's must be, and whose version the decision bumps. */
  trial: Trial;
}

/**
 * recordAppealOutcome: the appellate court (COURT with the appellate role)
 * records its decision on a conviction that stands: UPHELD or QUASHED, when,
 * and its own reference for the appeal. Row rule SAME_PROVINCE: an appeal
 * from a special court lies to the High Court of its province, so the
 * token's province must be the province of the conviction's trial (as
 * stored); the appellate court is no trial's own court, so ASSIGNED would
 * admit none.
 */
export const recordAppealOutcome: MutationSteps<RecordAppealOutcomeInput, ConvictionOnAppeal, Conviction> = {
  name: 'recordAppealOutcome',
  rowNoun: 'conviction',
  rowField: ['input', 'convictionId'],
  aimedAt: (input) => input.convictionId,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checks.notInFuture(at('decidedAt'), new Date(input.decidedAt));
    checks.text(at('appellateReference'), input.appellateReference, 64);
  },

  // The conviction, then its trial, each locked for the rest of the transaction (two lookups by key, whatever the data).
  async load(tx, input) {
    if (!isUuid(input.convictionId)) return null;
    const conviction = await tx.findOne(ConvictionSchema, { id: input.convictionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!conviction) return null;
    const trial = await tx.findOne(TrialSchema, { id: conviction.trial.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    return trial ? { conviction, trial } : null;
  },

  storedRow: ({ conviction, trial }) => ({ id: conviction.id, province: trial.province }),

  check({ conviction }, input, checks): UserError[] {
    if (conviction.appealOutcome) {
      return [
        userError(
          'INVALID_TRANSITION',
          null,
          `A conviction ${conviction.appealOutcome} on appeal does not allow recording an appeal outcome again.`,
        ),
      ];
    }
    checks.that(
      ['input', 'decidedAt'],
      new Date(input.decidedAt).getTime() > conviction.convictedAt.getTime(),
      'The appeal must be decided after the conviction.',
    );
    return [];
  },

  async change(_tx, { conviction, trial }, input, viewer) {
    conviction.appealOutcome = input.outcome;
    conviction.appealDecidedAt = new Date(input.decidedAt);
    conviction.appealReference = input.appellateReference.trim();
    conviction.appealCourtId = isUuid(viewer.courtId) ? viewer.courtId : null;
    trial.version += 1;
    // Quashed, the conviction no longer stands: the register ends its effect (ConvictionQuashed, after its ConvictionRecorded).
    const events = input.outcome === 'QUASHED' ? [quashEvent(conviction, trial)] : [];
    return { entity: conviction, rowIds: [conviction.id, trial.id], events };
  },
};
