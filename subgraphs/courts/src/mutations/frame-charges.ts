import { checkExpectedVersion, staleUnlessCurrent } from '#mutation';
import type { MutationSteps, UserError } from '#mutation';
import { scheduledOffenceOf } from '#reference-data';
import { ChargeSchema } from '../entities/charge.entity.ts';
import type { Trial } from '../entities/trial.entity.ts';
import type { FrameChargesInput } from '../generated/resolvers-types.ts';
import { lockedTrial, storedRowOf, trialSteps, trialTransition } from './trial-update.ts';

const MAX_ACCUSED = 20;
const MAX_SECTIONS = 10;
/** A suspect's position in the case's list, as the charge sheet names the accused. */
export const MAX_SUSPECT_POSITION = 99;

interface TrialForCharges {
  trial: Trial;
  /** Whether the trial has its charges already. */
  charged: boolean;
}

/**
 * frameCharges: the trial's court frames the charges, per accused, under
 * sections of the Act's schedule: once, while the trial is at CHARGE_FRAMED
 * with no charges yet (before any evidence).
 */
export const frameCharges: MutationSteps<FrameChargesInput, TrialForCharges, Trial> = {
  name: 'frameCharges',
  ...trialSteps,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('framedAt'), new Date(input.framedAt));
    const positions = input.accused.map((accused) => accused.suspectPosition);
    if (
      checks.list(at('accused'), input.accused, MAX_ACCUSED, () => true, '') &&
      checks.that(at('accused'), new Set(positions).size === positions.length, 'Each accused once: two have the same suspectPosition.')
    ) {
      for (const [i, accused] of input.accused.entries()) {
        const of = (field: string) => at('accused', String(i), field);
        checks.integer(of('suspectPosition'), accused.suspectPosition, 0, MAX_SUSPECT_POSITION);
        checks.text(of('accusedName'), accused.accusedName, 128);
        if (
          checks.list(
            of('offenceSections'),
            accused.offenceSections,
            MAX_SECTIONS,
            (section) => scheduledOffenceOf(section) !== null,
            'Each section must be one the Act schedules, written e.g. PPC 376(1).',
          )
        ) {
          checks.that(
            of('offenceSections'),
            new Set(accused.offenceSections).size === accused.offenceSections.length,
            'Each section once.',
          );
        }
      }
    }
  },

  // The trial locked for the rest of the transaction, and whether it has charges (one lookup by key, whatever the data).
  async load(tx, input) {
    const trial = await lockedTrial(tx, input.trialId);
    if (!trial) return null;
    return { trial, charged: (await tx.count(ChargeSchema, { trial: trial.id })) > 0 };
  },

  storedRow: storedRowOf,

  check({ trial, charged }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(trial, input.expectedVersion);
    if (stale.length > 0) return stale;
    if (trial.status !== 'CHARGE_FRAMED') return [trialTransition(trial.status, 'framing the charges')];
    if (charged) return [trialTransition(`${trial.status} with its charges framed`, 'framing the charges again')];
    checks.inOrder(
      ['input', 'framedAt'],
      trial.filedAt,
      new Date(input.framedAt),
      'The charges cannot be framed before the trial was filed.',
    );
    return [];
  },

  async change(tx, { trial }, input) {
    const framedAt = new Date(input.framedAt);
    let position = 0;
    for (const accused of input.accused) {
      for (const offenceSection of accused.offenceSections) {
        tx.create(ChargeSchema, {
          trial,
          position: position++,
          offenceSection,
          framedAt,
          accusedName: accused.accusedName.trim(),
          suspectPosition: accused.suspectPosition,
        });
      }
    }
    trial.version += 1;
    return { entity: trial, rowIds: [trial.id] };
  },
};
