/**
 * A numeric command-line option of a bench script: `fallback` when absent,
 * else a positive number (a whole one unless `integer` is false); anything
 * else stops the script with a message naming the option.
 */
export function positiveOption(name: string, text: string | undefined, fallback: number, { integer = true } = {}): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`--${name} must be a positive ${integer ? 'whole number' : 'number'}, got "${text}"`);
  return n;
}

/** The options every bench script that seeds a world and measures for a while takes (`parseArgs`), beside its own. */
export const BENCH_OPTIONS = {
  scale: { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  quick: { type: 'boolean', default: false },
  reseed: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
