/**
 * A small seeded pseudo-random generator for the synthetic datasets: the same seed gives the same
 * numbers on every machine and Node version (only 32-bit integer arithmetic), which Math.random
 * cannot promise. Not for anything secret.
 */
export type Random = () => number;

/** Mulberry32: a 32-bit state advanced by a Weyl step and mixed; returns numbers in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed from a seed and names (FNV-1a over their text, then a final avalanche), so that
 * each county's stream has a seed of its own and streams do not shift when another one changes.
 */
export function seedOf(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A draw from a Poisson distribution of mean `mean` (Knuth's product of uniforms; small means only). */
export function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

/** An index drawn by cumulative weights (ascending, the last one the total). */
export function pick(random: Random, cumulative: readonly number[]): number {
  const x = random() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const cumulate = (weights: readonly number[]): number[] => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
