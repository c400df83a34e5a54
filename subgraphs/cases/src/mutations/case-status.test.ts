import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus, SUSPECT_STATUSES } from '#reference-data';
import type { Case } from '../entities/case.entity.ts';
import { CASE_STEPS, type CaseStepName, refusedUpdate } from './case-status.ts';
import { SUSPECT_TRANSITIONS } from './update-suspect-status.ts';

const caseIn = (status: CaseStatus, version = 3) => ({ status, version }) as Case;
const steps = Object.entries(CASE_STEPS) as [CaseStepName, { from: readonly CaseStatus[]; to?: CaseStatus }][];

describe("the case's state machine", () => {
  it('moves a case only forward: REPORTED → UNDER_INVESTIGATION → CHARGE_SHEET_FILED → ON_TRIAL → DECIDED, or to CLOSED_WITHOUT_TRIAL before a charge sheet', () => {
    const moves = steps.flatMap(([, step]) => (step.to ? step.from.map((from) => `${from} → ${step.to}`) : []));
    expect(moves.sort()).toEqual(
      [
        'REPORTED → UNDER_INVESTIGATION',
        'UNDER_INVESTIGATION → CHARGE_SHEET_FILED',
        'CHARGE_SHEET_FILED → ON_TRIAL',
        'ON_TRIAL → DECIDED',
        'REPORTED → CLOSED_WITHOUT_TRIAL',
        'UNDER_INVESTIGATION → CLOSED_WITHOUT_TRIAL',
      ].sort(),
    );
  });

  it('lets nothing move a closed or decided case; only the survivor’s support is recorded there', () => {
    for (const status of ['CLOSED_WITHOUT_TRIAL', 'DECIDED'] as const) {
      const allowed = steps.filter(([, step]) => step.from.includes(status)).map(([name]) => name);
      expect(allowed.sort(), status).toEqual(['assignSupportAdviser', 'recordCounsellingSession']);
    }
  });

  it('answers a stale version before an illegal step, and an illegal step naming the status', () => {
    expect(refusedUpdate(caseIn('DECIDED'), 2, 'fileChargeSheet').map((e) => e.code)).toEqual(['STALE_VERSION']);
    expect(refusedUpdate(caseIn('DECIDED'), 3, 'fileChargeSheet')).toEqual([
      { code: 'INVALID_TRANSITION', field: null, message: 'A case in status DECIDED does not allow filing a charge sheet.' },
    ]);
    for (const status of CASE_STATUSES) expect(refusedUpdate(caseIn(status), 3, 'recordCounsellingSession')).toEqual([]);
  });
});

describe("a suspect's state machine", () => {
  it('has every status, never leads back to the status it leaves, and never to CHARGED (the charge sheet charges)', () => {
    expect(Object.keys(SUSPECT_TRANSITIONS).sort()).toEqual([...SUSPECT_STATUSES].sort());
    for (const [from, to] of Object.entries(SUSPECT_TRANSITIONS)) {
      expect(to).not.toContain(from);
      expect(to).not.toContain('CHARGED');
    }
    expect(SUSPECT_TRANSITIONS.DISCHARGED).toEqual([]);
    expect(SUSPECT_TRANSITIONS.CHARGED).toEqual([]);
  });
});
