import { randomUUID } from 'node:crypto';
import { checkExpectedVersion, type MutationSteps, notFound, staleUnlessCurrent, type UserError, userError } from '#mutation';
import { isUuid } from '#reference-data';
import { type Hearing, HearingSchema } from '../entities/hearing.entity.ts';
import type { Trial } from '../entities/trial.entity.ts';
import type { RecordHearingInput } from '../generated/resolvers-types.ts';
import { LISTING_HORIZON_MS, lockedTrial, storedRowOf, trialSteps, unlessPending } from './trial-update.ts';

interface TrialForHearing {
  trial: Trial;
  /** The hearing named, when it is one of this trial's. */
  hearing: Hearing | null;
}

const RECORDED_OUTCOMES = new Set(['HELD', 'ADJOURNED']);

/**
 * recordHearing: the trial's court records what became of a listed hearing
 * whose time has come: HELD, or ADJOURNED with the reason and, when given,
 * the next date (a new hearing listed for the same purpose).
 */
export const recordHearing: MutationSteps<RecordHearingInput, TrialForHearing, Trial> = {
  name: 'recordHearing',
  ...trialSteps,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    if (!checks.that(at('outcome'), RECORDED_OUTCOMES.has(input.outcome), 'A hearing is recorded HELD or ADJOURNED.')) return;
    const adjourned = input.outcome === 'ADJOURNED';
    if (adjourned) checks.text(at('adjournmentReason'), input.adjournmentReason, 200);
    else checks.that(at('adjournmentReason'), input.adjournmentReason == null, 'Only an adjourned hearing has an adjournment reason.');
    if (input.nextHearingAt != null && checks.that(at('nextHearingAt'), adjourned, 'Only an adjourned hearing names its next date here.')) {
      checks.that(
        at('nextHearingAt'),
        new Date(input.nextHearingAt).getTime() <= Date.now() + LISTING_HORIZON_MS,
        'A hearing is listed at most a year ahead.',
      );
    }
  },

  // The trial locked for the rest of the transaction, and the hearing named, when it is the trial's (one lookup by key).
  async load(tx, input) {
    const trial = await lockedTrial(tx, input.trialId);
    if (!trial) return null;
    const hearing = isUuid(input.hearingId) ? await tx.findOne(HearingSchema, { id: input.hearingId, trial: trial.id }) : null;
    return { trial, hearing };
  },

  storedRow: storedRowOf,

  check({ trial, hearing }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(trial, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (!hearing) return [notFound(['input', 'hearingId'], 'hearing of this trial')];
    const pending = unlessPending(trial, 'recording a hearing');
    if (pending.length > 0) return pending;
    if (hearing.outcome !== 'SCHEDULED') {
      return [userError('INVALID_TRANSITION', null, `A hearing ${hearing.outcome} does not allow recording its outcome again.`)];
    }
    checks.that(
      ['input', 'hearingId'],
      hearing.scheduledFor.getTime() <= Date.now(),
      'The hearing is listed for a time still to come: its outcome is recorded once it has taken place.',
    );
    if (input.nextHearingAt != null) {
      checks.that(
        ['input', 'nextHearingAt'],
        new Date(input.nextHearingAt).getTime() > hearing.scheduledFor.getTime(),
        'The next date must come after the hearing adjourned.',
      );
    }
    return [];
  },

  async change(tx, { trial, hearing }, input) {
    const recorded = hearing!;
    recorded.outcome = input.outcome;
    recorded.adjournmentReason = input.outcome === 'ADJOURNED' ? input.adjournmentReason!.trim() : null;
    const rowIds = [trial.id, recorded.id];
    if (input.nextHearingAt != null) {
      const id = randomUUID();
      tx.create(HearingSchema, {
        id,
        trial,
        scheduledFor: new Date(input.nextHearingAt),
        purpose: recorded.purpose,
        outcome: 'SCHEDULED',
        adjournmentReason: null,
        inCamera: recorded.inCamera,
      });
      rowIds.push(id);
    }
    trial.version += 1;
    return { entity: trial, rowIds };
  },
};
