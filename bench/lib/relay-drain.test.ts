import { describe, expect, it } from 'vitest';
import { convictionDelays, type EventTimes } from './event-timings.ts';
import { drainFigures } from './relay-drain.ts';
import type { CpuUse } from './cpu-meter.ts';

const CPU: CpuUse = { processSeconds: { courts: 0.5 }, postgresSeconds: null, benchSeconds: 0, machineBusyPct: null, otherWorkPct: null };
const event = (
  type: EventTimes['type'],
  occurredAt: number,
  claimedAt: number | null,
  deliveredAt: number | null,
  appliedAt: number | null,
) => ({ id: `${type}-${occurredAt}`, type, trialId: `t${occurredAt}`, occurredAt, claimedAt, deliveredAt, appliedAt }) satisfies EventTimes;

describe('drainFigures', () => {
  it("measures from the relay's first claim to its last delivery, and to each consumer's last application", () => {
    const times = [
      event('VerdictRecorded', 0, 1_000, 1_400, 1_300),
      event('ConvictionRecorded', 0, 1_000, 1_500, 1_450),
      event('VerdictRecorded', 10, 1_200, 2_000, 1_900),
      event('ConvictionRecorded', 10, 1_200, 3_000, 5_000),
    ];
    expect(drainFigures(times, CPU)).toEqual({
      events: 4,
      relaySeconds: 2,
      eventsPerSecond: 2,
      relayProcessCpuMsPerEvent: 125,
      graphCpuMsPerEvent: 125,
      applied: { register: { events: 2, seconds: 4, perSecond: 0.5 }, cases: { events: 2, seconds: 0.9, perSecond: 2.2 } },
    });
  });

  it('gives no figure where an event was never delivered or applied', () => {
    const figures = drainFigures([event('VerdictRecorded', 0, 1_000, null, null), event('ConvictionRecorded', 0, 1_000, 1_500, null)], CPU);
    expect(figures.eventsPerSecond).toBeNull();
    expect(figures.applied.register!.seconds).toBeNull();
  });
});

describe('convictionDelays', () => {
  it("counts each ConvictionRecorded from its verdict's transaction, leaving out what did not happen", () => {
    const delays = convictionDelays([
      event('ConvictionRecorded', 100, 110, 150, 140),
      event('ConvictionRecorded', 200, null, 260, 250),
      event('VerdictRecorded', 100, 500, 900, 900),
    ]);
    expect(delays.claimedMs).toMatchObject({ requests: 1, medianMs: 10 });
    expect(delays.deliveredMs).toMatchObject({ requests: 2, minMs: 50, maxMs: 60 });
    expect(delays.registerAppliedMs).toMatchObject({ requests: 2, minMs: 40, maxMs: 50 });
  });
});
