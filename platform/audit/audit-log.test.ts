import { describe, expect, it } from 'vitest';
import { groupByField } from './audit-log.ts';

const A = '0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a';
const B = '7d1e2c3b-4a59-4f6e-8d7c-6b5a49382716';
const C = 'c3d2e1f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

describe('groupByField', () => {
  it('makes one entry per field and outcome, rows in the order recorded', () => {
    expect(
      groupByField([
        { field: 'Offender.fullName', rowId: B, outcome: 'ALLOWED' },
        { field: 'Offender.cnic', rowId: B, outcome: 'ALLOWED' },
        { field: 'Offender.fullName', rowId: A, outcome: 'ALLOWED' },
        { field: 'Offender.cnic', rowId: A, outcome: 'ALLOWED' },
        { field: 'Offender.fullName', rowId: C, outcome: 'DENIED' },
      ]),
    ).toEqual([
      { field: 'Offender.fullName', outcome: 'ALLOWED', rowIds: [B, A] },
      { field: 'Offender.cnic', outcome: 'ALLOWED', rowIds: [B, A] },
      { field: 'Offender.fullName', outcome: 'DENIED', rowIds: [C] },
    ]);
  });

  it('names a row once, whatever its case', () => {
    expect(
      groupByField([
        { field: 'Survivor.cnic', rowId: A.toUpperCase(), outcome: 'ALLOWED' },
        { field: 'Survivor.cnic', rowId: A, outcome: 'ALLOWED' },
      ]),
    ).toEqual([{ field: 'Survivor.cnic', outcome: 'ALLOWED', rowIds: [A] }]);
  });

  it('keeps a refusal decided before any row was read apart from refusals of rows', () => {
    expect(
      groupByField([
        { field: 'Survivor.cnic', rowId: null, outcome: 'DENIED' },
        { field: 'Survivor.cnic', rowId: A, outcome: 'DENIED' },
        { field: 'Survivor.cnic', rowId: null, outcome: 'DENIED' },
      ]),
    ).toEqual([
      { field: 'Survivor.cnic', outcome: 'DENIED', rowIds: [] },
      { field: 'Survivor.cnic', outcome: 'DENIED', rowIds: [A] },
    ]);
  });

  it('records nothing for no records', () => {
    expect(groupByField([])).toEqual([]);
  });
});
