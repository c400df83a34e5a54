import { describe, expect, it } from 'vitest';
import { scheduledOffenceOf } from '#reference-data';
import { seededCases } from '#test-kit';
import { pendingVerdicts } from './verdicts.ts';

describe('pendingVerdicts', () => {
  const verdicts = pendingVerdicts(1);

  it('finds about 120 seeded trials a scale that wait for a verdict, each convict once', () => {
    expect(verdicts.length).toBeGreaterThan(100);
    expect(new Set(verdicts.map((v) => v.cnic)).size).toBe(verdicts.length);
    expect(new Set(verdicts.map((v) => v.trialId)).size).toBe(verdicts.length);
  });

  it('convicts exactly one accused of each, under a scheduled section they were charged under, someone not on the register, and acquits the rest', () => {
    const byTrial = new Map(seededCases().flatMap((facts) => (facts.trial ? [[facts.trial.id, facts] as const] : [])));
    for (const verdict of verdicts) {
      const facts = byTrial.get(verdict.trialId)!;
      const trial = facts.trial!;
      expect(trial.verdict).toBeNull();
      expect(trial.status).not.toBe('TRANSFERRED');
      expect(verdict.courtId).toBe(trial.courtId);
      const findings = verdict.input.findings as { suspectPosition: number; finding: string; offenceSection?: string }[];
      expect(findings.map((f) => f.suspectPosition).sort()).toEqual([...new Set(trial.charges.map((c) => c.suspectPosition))].sort());
      const convicted = findings.filter((f) => f.finding === 'CONVICTED');
      expect(convicted).toHaveLength(1);
      const convict = facts.suspects.find((s) => s.position === convicted[0]!.suspectPosition)!;
      expect(convict.cnic).toBe(verdict.cnic);
      expect(convict.repeatOffenderIndex).toBeNull();
      expect(scheduledOffenceOf(convicted[0]!.offenceSection!)).not.toBeNull();
      expect(trial.charges.some((c) => c.suspectPosition === convict.position && c.offenceSection === convicted[0]!.offenceSection)).toBe(
        true,
      );
    }
  });
});
