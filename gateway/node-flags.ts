/**
 * V8 flags the gateway process is started with, by `npm start` and by the
 * benchmark alike; `GATEWAY_NODE_FLAGS` replaces them. While the gateway merges
 * many large subgraph answers at once (pages of 100 cases with their nested
 * data, 32 at a time), V8 grows the young generation to 64 MiB and keeps it.
 * Capped at 4 MiB a semi-space, in-flight answers are scavenged more often
 * instead. Measured at scale 50 on PostgreSQL (bench/run.ts, configuration c,
 * 10 s each): peak RSS 240 MiB (W1) and 371 MiB (W2) instead of 314 and 449,
 * with the same throughput. `--optimize-for-size` held it under 180 MiB, but cost
 * 30% of W4's throughput.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = (process.env.GATEWAY_NODE_FLAGS ?? '--max-semi-space-size=4').split(/\s+/).filter(Boolean);
