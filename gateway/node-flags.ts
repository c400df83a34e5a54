/**
 * V8 flags `npm start` (and the benchmark) give the gateway process, from
 * `GATEWAY_NODE_FLAGS`; none by default. Under many large answers at once
 * (pages of 100 cases with their nested data, 32 at a time) V8 grows the
 * gateway's young generation to 64 MiB and keeps it, so on a host short of
 * memory `--max-semi-space-size=4` trades CPU for memory. Measured at scale 50 on
 * PostgreSQL (bench/run.ts, configuration c, 15 s each, 2 cores): peak RSS
 * 354 instead of 451 MiB on W2 and 366 instead of 494 MiB on W5, for 10 to 30%
 * less throughput on both. `--optimize-for-size` held RSS under 180 MiB but
 * cost 30% of W4's throughput.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = (process.env.GATEWAY_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
