import { describe, expect, it } from 'vitest';
import { COMPLIANCE_STATUSES } from '#reference-data';
import { registerEntries, SEED_ANCHOR } from '#synthetic-world';
import { assessCompliance, DEFAULT_COMPLIANCE_SETTINGS } from '../src/compliance/index.ts';

// The synthetic world makes each registrant's history come to a status on its anchor, by the
// register's rules at their default settings (synthetic-world/register.ts). The rules here must
// judge every history as the world meant it, or the demo register would not be what it claims.

describe.each([1, 3])('the register of the world at scale %i, judged on the anchor', (scale) => {
  const entries = [...registerEntries(scale)];
  const judged = entries.map((entry) => ({
    entry,
    compliance: assessCompliance(entry, entry.notifications, DEFAULT_COMPLIANCE_SETTINGS, SEED_ANCHOR),
  }));

  it('comes to the status the world made each history for', () => {
    const disagreements = judged
      .filter(({ entry, compliance }) => compliance.status !== entry.compliance.status)
      .map(({ entry, compliance }) => `${entry.id}: meant ${entry.compliance.status}, judged ${compliance.status}`);
    expect(disagreements).toEqual([]);
  });

  it('finds the last verification the world made', () => {
    for (const { entry, compliance } of judged) expect(compliance.lastVerifiedAt, entry.id).toEqual(entry.compliance.lastVerifiedAt);
  });

  it('is a realistic mix: mostly compliant, some of every other status, some notifications made late', () => {
    const share = (status: string) => judged.filter(({ compliance }) => compliance.status === status).length / entries.length;
    expect(share('COMPLIANT')).toBeGreaterThan(0.75);
    for (const status of COMPLIANCE_STATUSES.filter((s) => s !== 'COMPLIANT')) {
      expect(share(status), status).toBeGreaterThan(0.01);
      expect(share(status), status).toBeLessThan(0.1);
    }
    expect(
      judged.filter(({ compliance }) => compliance.missedNotifications > 0 && compliance.status === 'COMPLIANT').length,
    ).toBeGreaterThan(0);
  });
});
