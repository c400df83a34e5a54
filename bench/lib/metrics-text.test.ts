import { describe, expect, it } from 'vitest';
import { sumOf } from './metrics-text.ts';

const TEXT = `# HELP events_consumed_total Events received by this consumer.
# TYPE events_consumed_total counter
events_consumed_total{subgraph="offenders",type="ConvictionRecorded",outcome="applied"} 12
events_consumed_total{subgraph="offenders",type="ConvictionRecorded",outcome="duplicate"} 2
events_consumed_total{subgraph="offenders",type="ConvictionQuashed",outcome="applied"} 3
events_consumed_total_extra{type="ConvictionRecorded"} 100
events_pending 4
`;

describe('sumOf', () => {
  it("adds the samples of one metric whose labels include the given ones, and no other metric's", () => {
    expect(sumOf(TEXT, 'events_consumed_total')).toBe(17);
    expect(sumOf(TEXT, 'events_consumed_total', { type: 'ConvictionRecorded' })).toBe(14);
    expect(sumOf(TEXT, 'events_consumed_total', { type: 'ConvictionRecorded', outcome: 'applied' })).toBe(12);
    expect(sumOf(TEXT, 'events_pending')).toBe(4);
  });

  it('is 0 for a metric with no sample (a gauge no type has set yet)', () => {
    expect(sumOf(TEXT, 'events_parked')).toBe(0);
    expect(sumOf(TEXT, 'events_consumed_total', { type: 'OffenderRegistered' })).toBe(0);
  });
});
