import { DomainError } from '@luotsi/kernel';

/**
 * Goal Attainment Scaling (Kiresuk & Sherman 1968): each goal scored −2…+2 (0 = the expected
 * outcome) with a weight wᵢ, and the summary
 *
 *   T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²)
 *
 * computed exactly: weights are scaled to integers (hundredths), ρ is a rational p/q, and with
 * S = Σwᵢxᵢ and N = (q−p)·Σwᵢ² + p·(Σwᵢ)² (both integers, as BigInt) the hundredths of T are
 * 5000 + sign(S)·round(√(10⁶·S²·q / N)). The one square root is an integer square root at the very
 * end, so the two decimals are exact (halves round away from 50), never a float's accident.
 */
export interface GasScore {
  /** −2…+2. */
  level: number;
  /** > 0, at most two decimals. */
  weight: number;
}

/** ρ as a fraction: 0.3 is { numerator: 3, denominator: 10 }. */
export interface Rho {
  numerator: number;
  denominator: number;
}

export const DEFAULT_RHO: Rho = { numerator: 3, denominator: 10 };

/** A decimal ρ (0 ≤ ρ < 1, at most four decimals) as a fraction. */
export function rhoOf(value: string | number): Rho {
  const text = typeof value === 'number' ? String(value) : value;
  const m = /^0(?:\.(\d{1,4}))?$/.exec(text);
  if (!m)
    throw new DomainError(
      'INVALID_RHO',
      'rho must be a decimal from 0 to below 1 with at most four decimals',
      { rho: text.slice(0, 20) },
      'validation',
    );
  const digits = m[1] ?? '';
  return { numerator: digits === '' ? 0 : Number(digits), denominator: 10 ** digits.length };
}

export const rhoText = (rho: Rho): string => (rho.numerator === 0 ? '0' : (rho.numerator / rho.denominator).toString());

/** A weight as integer hundredths; refuses anything but a positive number with at most two decimals. */
export function weightHundredths(weight: number): number {
  const scaled = Math.round(weight * 100);
  if (!Number.isFinite(weight) || weight <= 0 || weight > 100 || Math.abs(scaled - weight * 100) > 1e-7)
    throw new DomainError(
      'INVALID_WEIGHT',
      'a goal weight is a positive number up to 100 with at most two decimals',
      { weight },
      'validation',
    );
  return scaled;
}

export function isGasLevel(level: unknown): level is number {
  return typeof level === 'number' && Number.isInteger(level) && level >= -2 && level <= 2;
}

function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error('isqrt of a negative number');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton's correction from the float's guess, so the result is exact for any size.
  while (x * x > n) x = (x + n / x) / 2n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/** T in hundredths (an integer), or null without goals. */
export function tScoreHundredths(scores: readonly GasScore[], rho: Rho = DEFAULT_RHO): number | null {
  if (scores.length === 0) return null;
  let s = 0n;
  let sumW = 0n;
  let sumW2 = 0n;
  for (const { level, weight } of scores) {
    if (!isGasLevel(level)) throw new DomainError('INVALID_LEVEL', 'a GAS level is a whole number from -2 to 2', { level }, 'validation');
    const w = BigInt(weightHundredths(weight));
    s += w * BigInt(level);
    sumW += w;
    sumW2 += w * w;
  }
  const p = BigInt(rho.numerator);
  const q = BigInt(rho.denominator);
  const n = (q - p) * sumW2 + p * sumW * sumW;
  if (s === 0n) return 5000;
  // round(√X) = ⌊(⌊√(4X)⌋ + 1) / 2⌋ and ⌊√z⌋ = isqrt(⌊z⌋) for a rational z ≥ 0.
  const fourX = (4n * 1_000_000n * s * s * q) / n;
  const r = (isqrt(fourX) + 1n) / 2n;
  return Number(5000n + (s > 0n ? r : -r));
}

/** T rounded to two decimals (as a number whose hundredths are exact), or null without goals. */
export function tScore(scores: readonly GasScore[], rho: Rho = DEFAULT_RHO): number | null {
  const h = tScoreHundredths(scores, rho);
  return h === null ? null : h / 100;
}
