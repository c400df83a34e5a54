import { checkExpectedVersion, staleUnlessCurrent } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { MutationSteps, UserError } from '#mutation';
import { HearingSchema } from '../entities/hearing.entity.ts';
import type { Trial } from '../entities/trial.entity.ts';
import type { ScheduleHearingInput } from '../generated/resolvers-types.ts';
import { LISTING_HORIZON_MS, lockedTrial, storedRowOf, trialSteps, unlessPending } from './trial-update.ts';

/** scheduleHearing: the trial's court lists a hearing of a pending trial, not before the trial was filed, at most a year ahead. */
export const scheduleHearing: MutationSteps<ScheduleHearingInput, { trial: Trial }, Trial> = {
  name: 'scheduleHearing',
  ...trialSteps,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.that(
      at('scheduledFor'),
      new Date(input.scheduledFor).getTime() <= Date.now() + LISTING_HORIZON_MS,
      'A hearing is listed at most a year ahead.',
    );
    checks.text(at('purpose'), input.purpose, 200);
  },

  async load(tx, input) {
    const trial = await lockedTrial(tx, input.trialId);
    return trial ? { trial } : null;
  },

  storedRow: storedRowOf,

  check({ trial }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(trial, input.expectedVersion);
    if (stale.length > 0) return stale;
    const pending = unlessPending(trial, 'listing a hearing');
    if (pending.length > 0) return pending;
    checks.inOrder(
      ['input', 'scheduledFor'],
      trial.filedAt,
      new Date(input.scheduledFor),
      'A hearing cannot be listed before the trial was filed.',
    );
    return [];
  },

  async change(tx, { trial }, input) {
    const id = randomUUID();
    tx.create(HearingSchema, {
      id,
      trial,
      scheduledFor: new Date(input.scheduledFor),
      purpose: input.purpose.trim(),
      outcome: 'SCHEDULED',
      adjournmentReason: null,
      inCamera: input.inCamera ?? true,
    });
    trial.version += 1;
    return { entity: trial, rowIds: [trial.id, id] };
  },
};
