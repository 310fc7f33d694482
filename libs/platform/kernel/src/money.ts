import { DomainError } from './errors';
import { eurosText, finnishEuros, parseEuros } from './euro-text';
import { divRound, type Rounding } from './rounding';

export type { Rounding } from './rounding';

/** An amount in integer euro cents. Floating-point euros never appear in domain code. */
export type Cents = number;

const invalid = (message: string, value: unknown) => new DomainError('INVALID_AMOUNT', message, { value }, 'validation');

function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw invalid(`an amount must be whole cents, got ${n}`, n);
  return n;
}

const rounded = (num: bigint, den: bigint, rounding: Rounding): Cents => {
  const result = divRound(num, den, rounding);
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER))
    throw invalid('the result is too large for whole cents', String(result));
  return Number(result);
};

function ratio(c: Cents, numerator: number, denominator: number, rounding: Rounding): Cents {
  cents(c);
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0)
    throw invalid('a ratio needs whole numbers and a non-zero denominator', { numerator, denominator });
  return rounded(BigInt(c) * BigInt(numerator), BigInt(denominator), rounding);
}

function divide(c: Cents, divisor: number, rounding: Rounding): Cents {
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw invalid('a divisor must be a whole number above zero', divisor);
  return ratio(c, 1, divisor, rounding);
}

/**
 * Factors (need coefficients, sex factors) are decimals with at most six places. 1.1 × 10⁶ is
 * 1100000.0000000002 in floating point, so the scaled factor is snapped to the nearest integer
 * when it is that close, and refused when it is not (a seventh decimal).
 */
function multiply(c: Cents, factor: number, rounding: Rounding): Cents {
  const scaled = factor * 1_000_000;
  const snapped = Math.round(scaled);
  const tolerance = Math.max(1e-3, Math.abs(scaled) * Number.EPSILON * 4);
  if (!Number.isFinite(scaled) || !Number.isSafeInteger(snapped) || Math.abs(snapped - scaled) > tolerance)
    throw invalid('a factor may have at most six decimals', factor);
  return rounded(BigInt(cents(c)) * BigInt(snapped), 1_000_000n, rounding);
}

function fromEuros(s: string): Cents {
  const parsed = parseEuros(s);
  if (!parsed) throw invalid(`expected euros like 12.34 with at most two decimals, got ${JSON.stringify(s)}`, s);
  return cents(parsed.cents);
}

/**
 * Splits a total into parts that sum exactly to it and differ by at most a cent. The leftover cents
 * go to the first parts, so allocate(-t, n) is allocate(t, n) negated (larger in magnitude first).
 */
function allocate(total: Cents, parts: number): Cents[] {
  cents(total);
  if (!Number.isSafeInteger(parts) || parts < 1) throw invalid('allocate needs a whole number of parts, at least one', parts);
  const sign = total < 0 ? -1 : 1;
  const base = Math.floor(Math.abs(total) / parts);
  const leftover = Math.abs(total) - base * parts;
  return Array.from({ length: parts }, (_, i) => sign * (base + (i < leftover ? 1 : 0)) || 0);
}

function sum(cs: readonly Cents[]): Cents {
  return cents(cs.reduce((acc: number, c) => acc + cents(c), 0));
}

export const Money = {
  cents,
  fromEuros,
  toEuros: (c: Cents): string => eurosText(cents(c)),
  format: (c: Cents): string => finnishEuros(cents(c)),
  add: (...cs: Cents[]): Cents => sum(cs),
  sum,
  multiply,
  divide,
  ratio,
  /** Exact num / den rounded as named, for computations whose intermediate values exceed safe integers. */
  roundDivision: (num: bigint, den: bigint, rounding: Rounding): Cents => {
    if (den === 0n) throw invalid('division by zero', '0');
    return rounded(num, den, rounding);
  },
  allocate,
  min: (a: Cents, b: Cents): Cents => Math.min(cents(a), cents(b)),
  max: (a: Cents, b: Cents): Cents => Math.max(cents(a), cents(b)),
};
