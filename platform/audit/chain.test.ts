import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { advisoryLockKey } from './chain-writer.ts';
import { auditEntryHash, canonicalAuditEntry, GENESIS_HASH, type ChainedAuditFields } from './chain.ts';

const entry: ChainedAuditFields = {
  previousHash: GENESIS_HASH,
  seq: '1',
  recordedAt: new Date('2026-03-14T09:30:00.123Z'),
  requestId: 'req-1',
  subject: 'arcc-officer-7',
  agency: 'ARCC',
  field: 'Survivor.fullName',
  rowIds: ['0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a', '7d1e2c3b-4a59-4f6e-8d7c-6b5a49382716'],
  purpose: 'ARCC-LHR1-2025-000031',
  outcome: 'ALLOWED',
};

/** An entry written before entries were grouped by field: one row, no rowIds. */
const firstFormatEntry: ChainedAuditFields = { ...entry, rowIds: null, rowId: '0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a' };

describe('the audit entry hash', () => {
  it('is SHA-256 in hex over the documented canonical serialisation', () => {
    const canonical =
      '["audit-entry/v2","0000000000000000000000000000000000000000000000000000000000000000","1","2026-03-14T09:30:00.123Z",' +
      '"req-1","arcc-officer-7","ARCC","Survivor.fullName",["0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a","7d1e2c3b-4a59-4f6e-8d7c-6b5a49382716"],' +
      '"ARCC-LHR1-2025-000031","ALLOWED"]';
    expect(canonicalAuditEntry(entry)).toBe(canonical);
    expect(auditEntryHash(entry)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    expect(auditEntryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('checks an entry of the first format as it was written, one row and the v1 tag', () => {
    const canonical =
      '["audit-entry/v1","0000000000000000000000000000000000000000000000000000000000000000","1","2026-03-14T09:30:00.123Z",' +
      '"req-1","arcc-officer-7","ARCC","Survivor.fullName","0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a","ARCC-LHR1-2025-000031","ALLOWED"]';
    expect(canonicalAuditEntry(firstFormatEntry)).toBe(canonical);
    expect(auditEntryHash({ ...firstFormatEntry, rowId: null })).not.toBe(auditEntryHash(firstFormatEntry));
  });

  it('tells the formats apart even for one row', () => {
    expect(auditEntryHash({ ...entry, rowIds: [firstFormatEntry.rowId!] })).not.toBe(auditEntryHash(firstFormatEntry));
    expect(auditEntryHash({ ...entry, rowIds: [] })).not.toBe(auditEntryHash({ ...firstFormatEntry, rowId: null }));
  });

  it('is deterministic', () => {
    expect(auditEntryHash({ ...entry, recordedAt: new Date(entry.recordedAt.getTime()) })).toBe(auditEntryHash(entry));
  });

  it('chains to a genesis value of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  const changes: [keyof ChainedAuditFields, unknown][] = [
    ['previousHash', auditEntryHash(entry)],
    ['seq', '2'],
    ['recordedAt', new Date('2026-03-14T09:30:00.124Z')],
    ['requestId', 'req-2'],
    ['subject', 'arcc-officer-8'],
    ['agency', 'SSOIU'],
    ['field', 'Survivor.cnic'],
    ['rowIds', ['0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a']],
    ['rowIds', ['7d1e2c3b-4a59-4f6e-8d7c-6b5a49382716', '0b6f1c1e-5d2a-4c4e-9a57-3f0e8d1c2b3a']],
    ['rowIds', []],
    ['purpose', 'ARCC-LHR1-2025-000032'],
    ['purpose', null],
    ['outcome', 'DENIED'],
  ];
  it.each(changes)('changes with %s', (field, value) => {
    expect(auditEntryHash({ ...entry, [field]: value })).not.toBe(auditEntryHash(entry));
  });

  it('cannot be matched by moving text between fields', () => {
    // With plain concatenation these two would serialise alike.
    const a = { ...entry, subject: 'ab', requestId: 'c' };
    const b = { ...entry, subject: 'b', requestId: 'ca' };
    expect(auditEntryHash(a)).not.toBe(auditEntryHash(b));
  });

  it('treats an absent purpose as none', () => {
    expect(auditEntryHash({ ...entry, purpose: undefined })).toBe(auditEntryHash({ ...entry, purpose: null }));
  });
});

describe('the trail lock', () => {
  it('has a 64-bit key of its own per schema, the same in every process', () => {
    const cases = advisoryLockKey('cases');
    expect(BigInt(cases)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(cases)).toBeLessThan(2n ** 63n);
    expect(advisoryLockKey('cases')).toBe(cases);
    expect(advisoryLockKey('offenders')).not.toBe(cases);
  });
});
