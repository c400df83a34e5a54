import { checkExpectedVersion, staleUnlessCurrent } from '#mutation';
import { randomUUID } from 'node:crypto';
import type { InputChecks, MutationSteps, UserError } from '#mutation';
import { scheduledOffenceOf, type VerdictOutcome } from '#reference-data';
import { type Charge, ChargeSchema } from '../entities/charge.entity.ts';
import { type Conviction, ConvictionSchema } from '../entities/conviction.entity.ts';
import { type TrialAccused, TrialAccusedSchema } from '../entities/trial-accused.entity.ts';
import { verdictEvents } from '../events.ts';
import type { Trial } from '../entities/trial.entity.ts';
import type { FindingInput, RecordVerdictInput, SentenceInput } from '../generated/resolvers-types.ts';
import { MAX_SUSPECT_POSITION } from './frame-charges.ts';
import { lockedTrial, storedRowOf, trialSteps, trialTransition, unlessPending } from './trial-update.ts';

const MAX_FINDINGS = 20;
/** The Penal Code's longest term short of imprisonment for life. */
const MAX_IMPRISONMENT_YEARS = 25;
/** Rs 1 crore: above every fine the scheduled offences carry. */
const MAX_FINE_RUPEES = 10_000_000;

interface TrialForVerdict {
  trial: Trial;
  /** The trial's charges, in order: who the accused are and what each is charged under. */
  charges: Charge[];
  /** The accused as the charge sheet named them (a trial opened by the flows; none for a seeded one): the register's convict. */
  accused: TrialAccused[];
}

/**
 * recordVerdict: the trial's court records its verdict on a trial whose
 * charges are framed: a finding for every accused exactly once, a sentence
 * for each conviction; the trial moves to DECIDED, once.
 */
export const recordVerdict: MutationSteps<RecordVerdictInput, TrialForVerdict, Trial> = {
  name: 'recordVerdict',
  ...trialSteps,

  validate(input, checks) {
    const at = (...path: string[]) => ['input', ...path];
    checkExpectedVersion(checks, input.expectedVersion);
    checks.notInFuture(at('decidedAt'), new Date(input.decidedAt));
    const positions = input.findings.map((finding) => finding.suspectPosition);
    if (
      !checks.list(at('findings'), input.findings, MAX_FINDINGS, () => true, '') ||
      !checks.that(
        at('findings'),
        new Set(positions).size === positions.length,
        'Each accused once: two findings name the same suspectPosition.',
      )
    ) {
      return;
    }
    for (const [i, finding] of input.findings.entries()) checkFinding(checks, at('findings', String(i)), finding);
  },

  // The trial locked for the rest of the transaction, and its charges (one lookup by key, whatever the data).
  async load(tx, input) {
    const trial = await lockedTrial(tx, input.trialId);
    if (!trial) return null;
    return {
      trial,
      charges: await tx.find(ChargeSchema, { trial: trial.id }, { orderBy: { position: 'ASC' } }),
      accused: await tx.find(TrialAccusedSchema, { trial: trial.id }),
    };
  },

  storedRow: storedRowOf,

  check({ trial, charges }, input, checks): UserError[] {
    const stale = staleUnlessCurrent(trial, input.expectedVersion);
    if (stale.length > 0) return stale;
    const pending = unlessPending(trial, 'recording a verdict');
    if (pending.length > 0) return pending;
    if (charges.length === 0) return [trialTransition(`${trial.status} with no charges framed`, 'recording a verdict')];
    // Every accused of the charges exactly once (the input has each once), each convicted under a section they were charged under.
    const sectionsOf = new Map<number, Set<string>>();
    for (const charge of charges) {
      const sections = sectionsOf.get(charge.suspectPosition) ?? new Set<string>();
      sections.add(charge.offenceSection);
      sectionsOf.set(charge.suspectPosition, sections);
    }
    const named = input.findings.map((finding) => finding.suspectPosition);
    checks.that(
      ['input', 'findings'],
      named.length === sectionsOf.size && named.every((position) => sectionsOf.has(position)),
      `One finding for every accused of the charges, each exactly once: suspect positions ${[...sectionsOf.keys()].join(', ')}.`,
    );
    for (const [i, finding] of input.findings.entries()) {
      const charged = sectionsOf.get(finding.suspectPosition);
      if (finding.finding === 'CONVICTED' && charged && finding.offenceSection) {
        checks.that(
          ['input', 'findings', String(i), 'offenceSection'],
          charged.has(finding.offenceSection),
          `A conviction is under a section the accused was charged under: ${[...charged].join(', ')}.`,
        );
      }
    }
    const framedAt = Math.max(...charges.map((charge) => charge.framedAt.getTime()));
    checks.that(
      ['input', 'decidedAt'],
      new Date(input.decidedAt).getTime() > framedAt,
      'The verdict must come after the charges were framed.',
    );
    return [];
  },

  /**
   * The convictions, the trial DECIDED, and in the same transaction the
   * verdict's events (src/events.ts): VerdictRecorded to the cases subgraph,
   * ConvictionRecorded to the register for each conviction (every one is of
   * a scheduled offence: validate refused any other).
   */
  async change(tx, { trial, charges, accused }, input) {
    const decidedAt = new Date(input.decidedAt);
    const rowIds = [trial.id];
    const convictions: Conviction[] = [];
    for (const finding of input.findings) {
      if (finding.finding !== 'CONVICTED') continue;
      const sentence = finding.sentence!;
      const id = randomUUID();
      const conviction = tx.create(ConvictionSchema, {
        id,
        trial,
        offenderId: null,
        suspectPosition: finding.suspectPosition,
        offenceSection: finding.offenceSection!,
        convictedAt: decidedAt,
        sentenceDescription: sentence.description.trim(),
        imprisonmentYears: sentence.imprisonmentYears ?? null,
        lifeImprisonment: sentence.lifeImprisonment ?? false,
        death: sentence.death ?? false,
        fineRupees: sentence.fineRupees ?? null,
        appealOutcome: null,
        appealDecidedAt: null,
        appealReference: null,
        appealCourtId: null,
      });
      if (scheduledOffenceOf(conviction.offenceSection)) convictions.push(conviction);
      rowIds.push(id);
    }
    trial.status = 'DECIDED';
    trial.decidedAt = decidedAt;
    trial.verdictOutcome = outcomeOf(input.findings);
    trial.version += 1;
    const names = new Map(charges.map((charge) => [charge.suspectPosition, charge.accusedName]));
    return { entity: trial, rowIds, events: verdictEvents(trial, convictions, accused, names) };
  },
};

/** CONVICTED when every accused is, ACQUITTED when none is, PARTLY_CONVICTED between. */
function outcomeOf(findings: readonly FindingInput[]): VerdictOutcome {
  const convicted = findings.filter((finding) => finding.finding === 'CONVICTED').length;
  if (convicted === 0) return 'ACQUITTED';
  return convicted === findings.length ? 'CONVICTED' : 'PARTLY_CONVICTED';
}

/** One accused's finding: a conviction carries its section and sentence, an acquittal neither. */
function checkFinding(checks: InputChecks, path: string[], finding: FindingInput): void {
  const at = (field: string) => [...path, field];
  checks.integer(at('suspectPosition'), finding.suspectPosition, 0, MAX_SUSPECT_POSITION);
  if (finding.finding !== 'CONVICTED') {
    checks.that(at('offenceSection'), finding.offenceSection == null, 'An acquittal has no offence section.');
    checks.that(at('sentence'), finding.sentence == null, 'An acquittal has no sentence.');
    return;
  }
  if (checks.that(at('offenceSection'), finding.offenceSection != null, 'A conviction names its offence section.')) {
    checks.that(
      at('offenceSection'),
      scheduledOffenceOf(finding.offenceSection!) !== null,
      'The section must be one the Act schedules, written e.g. PPC 376(1).',
    );
  }
  if (checks.that(at('sentence'), finding.sentence != null, 'A conviction carries its sentence.'))
    checkSentence(checks, at('sentence'), finding.sentence!);
}

/** A term (1 to 25 years), life or death, at most one of them, and a fine (Rs 1 to 1 crore) beside it or alone. */
function checkSentence(checks: InputChecks, path: string[], sentence: SentenceInput): void {
  const at = (field: string) => [...path, field];
  checks.integer(at('imprisonmentYears'), sentence.imprisonmentYears, 1, MAX_IMPRISONMENT_YEARS);
  checks.integer(at('fineRupees'), sentence.fineRupees, 1, MAX_FINE_RUPEES);
  const punishments = [sentence.imprisonmentYears != null, sentence.lifeImprisonment === true, sentence.death === true].filter(
    Boolean,
  ).length;
  checks.that(path, punishments <= 1, 'At most one of a term of imprisonment, imprisonment for life, or death.');
  checks.that(path, punishments === 1 || sentence.fineRupees != null, 'A sentence imposes imprisonment, death or a fine.');
  checks.text(at('description'), sentence.description, 500);
}
