import { beforeAll, describe, expect, inject, it } from 'vitest';
import { CRISIS_CELLS_BY_ID, SPECIAL_COURTS } from '#synthetic-world';
import { CASE_ACROSS_AGENCIES, caseAcrossAgencies, investigatorOf } from '#test-kit';
import { graphql } from '#test-kit';
import { tokenFor } from '#test-kit';
import { seededCases } from '#test-kit';

const gatewayUrl = inject('gatewayUrl');

describe('one query across the four agencies', () => {
  let token: string;
  const investigator = investigatorOf(caseAcrossAgencies());
  beforeAll(async () => {
    token = await tokenFor(investigator.identity);
  });

  it('follows a case to its crisis cell, trial, hearings, convictions and register entries, consistently', async () => {
    const facts = caseAcrossAgencies();
    const { data, errors } = await graphql(gatewayUrl, CASE_ACROSS_AGENCIES, {
      variables: { id: facts.id },
      token,
      headers: investigator.headers,
    });
    expect(errors).toBeUndefined();
    const found = data.case;
    expect(found).toMatchObject({
      id: facts.id,
      reference: facts.reference,
      status: facts.status,
      province: facts.province,
      district: facts.district,
    });

    const cell = CRISIS_CELLS_BY_ID.get(facts.crisisCellId!)!;
    expect(found.crisisCell).toEqual({ id: cell.id, name: cell.name, city: cell.city, province: cell.province });

    const trial = facts.trial!;
    expect(found.trial).toMatchObject({ id: trial.id, caseNumber: trial.caseNumber, status: trial.status });
    expect(found.trial.case).toEqual({ id: facts.id, reference: facts.reference });
    expect(found.trial.court.id).toBe(trial.courtId);
    expect(found.trial.court.name).toBe(SPECIAL_COURTS.find((court) => court.id === trial.courtId)!.name);
    expect(found.trial.hearings.map((h: { id: string }) => h.id).sort()).toEqual(trial.hearings.map((h) => h.id).sort());

    const verdict = trial.verdict!;
    expect(found.trial.verdict.outcome).toBe(verdict.outcome);
    expect(found.trial.verdict.convictions.map((c: { id: string }) => c.id).sort()).toEqual(verdict.convictions.map((c) => c.id).sort());
    for (const conviction of verdict.convictions) {
      const returned = found.trial.verdict.convictions.find((c: { id: string }) => c.id === conviction.id);
      const suspect = facts.suspects[conviction.suspectPosition]!;
      // The register entry reached through the conviction (by offender id) ...
      expect(returned.offender.id).toBe(conviction.offenderId);
      expect(returned.offender.cnic).toBe(suspect.cnic);
      expect(returned.offender.convictions.map((c: { id: string }) => c.id)).toContain(conviction.id);
      // ... is the one reached through the suspect (by CNIC).
      const viaSuspect = found.suspects.find((s: { id: string }) => s.id === suspect.id);
      expect(viaSuspect.registerEntry).toEqual({
        id: returned.offender.id,
        registerNumber: returned.offender.registerNumber,
        cnic: returned.offender.cnic,
        fullName: returned.offender.fullName,
      });
    }
  });

  it('answers null, not an error, for a suspect who is not on the register and a case with no trial', async () => {
    const facts = seededCases().find((c) => !c.trial && c.suspects.some((s) => s.cnic && s.repeatOffenderIndex === null))!;
    const { data, errors } = await graphql(gatewayUrl, CASE_ACROSS_AGENCIES, { variables: { id: facts.id }, token });
    expect(errors).toBeUndefined();
    expect(data.case.trial).toBeNull();
    const unregistered = facts.suspects.find((s) => s.cnic && s.repeatOffenderIndex === null)!;
    expect(data.case.suspects.find((s: { id: string }) => s.id === unregistered.id).registerEntry).toBeNull();
  });
});
