import { registerEntries, caseCount, generateCase, type CaseFacts, type SuspectFacts, type TrialFacts } from '#synthetic-world';

/** The cases the test stack is seeded with (scale 1), generated independently of any subgraph. */
let cases: CaseFacts[] | undefined;
export function seededCases(): CaseFacts[] {
  cases ??= Array.from({ length: caseCount(1) }, (_, index) => generateCase(1, index));
  return cases;
}

/** A seeded trial a court can still decide, and an accused whose conviction would make a new register entry. */
export interface TrialToDecide {
  facts: CaseFacts;
  trial: TrialFacts;
  /** An accused with a CNIC the seeded register does not hold. */
  convict: SuspectFacts;
  /** The section the convict is charged under. */
  offenceSection: string;
}

/**
 * The seeded trials a court can still decide (charged, neither transferred
 * nor decided), each with an accused whom a conviction takes to the register
 * as a new entry (the seed keeps the trial's accused with their CNICs, as the
 * charge sheet's event would).
 */
export function seededTrialsToDecide(): TrialToDecide[] {
  const registered = new Set([...registerEntries(1)].map((entry) => entry.cnic));
  return seededCases().flatMap((facts) => {
    const trial = facts.trial;
    if (!trial || trial.verdict !== null || trial.status === 'TRANSFERRED' || trial.charges.length === 0) return [];
    const convict = facts.suspects.find((s) => s.accused && s.cnic && !registered.has(s.cnic));
    const charge = convict && trial.charges.find((c) => c.suspectPosition === convict.position);
    return convict && charge ? [{ facts, trial, convict, offenceSection: charge.offenceSection }] : [];
  });
}

/** recordVerdict's input for a seeded trial: its convict CONVICTED with `sentence`, every other accused ACQUITTED. */
export function convictingVerdict(
  { facts, trial, convict, offenceSection }: TrialToDecide,
  sentence: { imprisonmentYears: number; fineRupees: number; description: string },
  decidedAt: Date,
) {
  return {
    trialId: trial.id,
    expectedVersion: 1,
    decidedAt: decidedAt.toISOString(),
    findings: facts.suspects
      .filter((s) => s.accused)
      .map((s) =>
        s.position === convict.position
          ? { suspectPosition: s.position, finding: 'CONVICTED', offenceSection, sentence }
          : { suspectPosition: s.position, finding: 'ACQUITTED' },
      ),
  };
}
