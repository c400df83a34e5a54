// Deterministic randomness for the SYNTHETIC seed data. Nothing here describes real people or
// real cases: every value the seeders write is derived from a seeded PRNG, so each subgraph can
// regenerate exactly the same facts on its own, without sharing a database.

const GOLDEN_GAMMA = 0x9e3779b9;

/** FNV-1a, 32-bit: a fast string hash used to turn key parts into a seed. */
function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The murmur3 finaliser: a bijection on 32-bit integers that spreads every input bit. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Folds key parts into a 32-bit seed. An integer part is folded with a bijective step (add an odd
 * multiple, then fmix32), so `seedOf('case', i)` never collides for two indexes below 2^32 and
 * two cases can never share a random stream by accident.
 */
function seedOf(keyParts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of keyParts) {
    if (typeof part === 'number' && Number.isInteger(part) && part >= 0 && part < 2 ** 32) {
      h = fmix32((h + Math.imul(part, GOLDEN_GAMMA)) >>> 0);
    } else {
      h = fmix32(fnv1a32(String(part), h ^ 0x1f));
    }
  }
  return h;
}

/** A seeded random stream (mulberry32) with the helpers the generators need. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, maxInclusive]. */
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of pairs) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of pairs) {
      target -= weight;
      if (target < 0) return value;
    }
    const last = pairs[pairs.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: keeps log() finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A right-skewed positive value (log-normal) given its median and 90th percentile, the way
   * published delay figures are usually quoted ("median 5 hours, 90% within 30").
   */
  logNormal(median: number, p90: number): number {
    const sigma = Math.log(p90 / median) / 1.2815515655446004;
    return median * Math.exp(sigma * this.normal());
  }

  /** A few distinct items, in their original order. */
  subset<T>(items: readonly T[], probability: number): T[] {
    return items.filter(() => this.chance(probability));
  }
}

/** A random stream determined entirely by the key parts, e.g. `rngFor('case', 42)`. */
export function rngFor(...keyParts: (string | number)[]): Rng {
  return new Rng(seedOf(keyParts));
}

/**
 * A 128-bit hash of a string (cyrb128's four cross-coupled lanes, then a murmur3 avalanche).
 * Each absorbing step and the finish are bijections of the 128-bit state, so distinct keys
 * collide only by chance (about 2^-122 per pair once a UUID's fixed bits are set). Not
 * cryptographic, and about three times faster than node:crypto's SHA-1 for short keys.
 */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = fmix32((h1 ^ text.length) + h2 + h3 + h4);
  h2 = fmix32(h2 ^ h1);
  h3 = fmix32(h3 ^ h1);
  h4 = fmix32(h4 ^ h1);
  return [(h1 + h2 + h3 + h4) >>> 0, h2, h3, h4];
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(word: number): string {
  return (HEX_BYTES[(word >>> 8) & 0xff] as string) + (HEX_BYTES[word & 0xff] as string);
}

/**
 * A deterministic, valid-looking UUID (version 5 layout, RFC 4122 variant) from a 128-bit hash
 * of kind and key, so every subgraph derives the same id for the same synthetic entity.
 */
export function syntheticUuid(kind: string, key: string | number): string {
  const [a, b, c, d] = hash128(`${kind}:${key}`);
  const version = (b & 0x0fff) | 0x5000;
  const variant = ((c >>> 16) & 0x3fff) | 0x8000;
  return (
    `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16(version)}-${hex16(variant)}-` + `${hex16(c)}${hex16(d >>> 16)}${hex16(d)}`
  );
}

/**
 * A bijection on 24-bit integers (higher bits kept as they are), used to make index-derived
 * identifiers such as pseudonyms look arbitrary while staying unique.
 */
export function scramble24(value: number): number {
  const high = Math.floor(value / 0x1000000);
  let x = value % 0x1000000;
  x = (Math.imul(x, 0x9e3779) + 0x7f4a7c) & 0xffffff; // odd multiplier: invertible mod 2^24
  x ^= x >>> 12;
  x = Math.imul(x, 0x2c1b3d) & 0xffffff;
  x ^= x >>> 11;
  return high * 0x1000000 + x;
}
