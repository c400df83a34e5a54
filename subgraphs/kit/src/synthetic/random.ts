// Deterministic randomness for the SYNTHETIC seed data. Nothing here describes real people or
// real cases: every value the seeders write is derived from a seeded PRNG, so each subgraph can
// regenerate exactly the same facts on its own, without sharing a database.

import { hash } from 'node:crypto';

const GOLDEN_GAMMA = 0x9e3779b9;

/** FNV-1a, 32-bit: a fast string hash used to turn key parts into a seed. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
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
export function seedOf(keyParts: readonly (string | number)[]): number {
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

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return HEX_BYTES[(word >>> 24) & 0xff]! + HEX_BYTES[(word >>> 16) & 0xff]! + HEX_BYTES[(word >>> 8) & 0xff]! + HEX_BYTES[word & 0xff]!;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/**
 * MurmurHash3 x86_128 of a string's UTF-16 code units taken as bytes (callers pass ASCII).
 * Not cryptographic: it only needs to spread synthetic keys evenly over 128 bits, and it is
 * several times faster than node:crypto for the millions of ids a large seed makes.
 */
export function murmur3x128(key: string, seed = 0): [number, number, number, number] {
  const c1 = 0x239b961b, c2 = 0xab0e9789, c3 = 0x38b34ae5, c4 = 0xa1e38b93;
  let h1 = seed | 0, h2 = seed | 0, h3 = seed | 0, h4 = seed | 0;
  const length = key.length;
  const blockEnd = length - (length & 15);
  const word = (at: number) =>
    (key.charCodeAt(at) & 0xff) | ((key.charCodeAt(at + 1) & 0xff) << 8) | ((key.charCodeAt(at + 2) & 0xff) << 16) | ((key.charCodeAt(at + 3) & 0xff) << 24);
  for (let i = 0; i < blockEnd; i += 16) {
    const k1 = word(i), k2 = word(i + 4), k3 = word(i + 8), k4 = word(i + 12);
    h1 ^= Math.imul(rotl(Math.imul(k1, c1), 15), c2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(k2, c2), 16), c3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(k3, c3), 17), c4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(k4, c4), 18), c1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The tail: up to 15 bytes, little-endian into k1..k4.
  const tail = [0, 0, 0, 0];
  for (let i = blockEnd; i < length; i++) {
    const offset = i - blockEnd;
    tail[offset >> 2]! ^= (key.charCodeAt(i) & 0xff) << ((offset & 3) * 8);
  }
  const tailLength = length & 15;
  if (tailLength > 12) h4 ^= Math.imul(rotl(Math.imul(tail[3]!, c4), 18), c1);
  if (tailLength > 8) h3 ^= Math.imul(rotl(Math.imul(tail[2]!, c3), 17), c4);
  if (tailLength > 4) h2 ^= Math.imul(rotl(Math.imul(tail[1]!, c2), 16), c3);
  if (tailLength > 0) h1 ^= Math.imul(rotl(Math.imul(tail[0]!, c1), 15), c2);

  h1 ^= length; h2 ^= length; h3 ^= length; h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  h1 = fmix32(h1); h2 = fmix32(h2); h3 = fmix32(h3); h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * A deterministic, valid-looking UUID (version 5 layout, RFC 4122 variant) from a 128-bit
 * hash of kind and key, so every subgraph derives the same id for the same synthetic entity.
 * Keys are ASCII in practice; anything else goes through SHA-1 so no bit of it is lost.
 */
export function syntheticUuid(kind: string, key: string | number): string {
  const name = `${kind}:${key}`;
  let words: readonly number[];
  if (ASCII_ONLY.test(name)) {
    words = murmur3x128(name);
  } else {
    const digest = hash('sha1', name, 'hex');
    words = [0, 8, 16, 24].map((at) => parseInt(digest.slice(at, at + 8), 16));
  }
  const [a = 0, b = 0, c = 0, d = 0] = words;
  const versioned = ((b & 0xffff0fff) | 0x00005000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const hb = hex32(versioned);
  const hc = hex32(variant);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
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
