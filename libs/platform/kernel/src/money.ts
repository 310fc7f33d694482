import { DomainError } from './errors';

/** An amount in integer euro cents. Floating-point euros never appear in domain code. */
export type Cents = number;

/**
 * Every division names its rounding. half-up: halves away from zero (what invoices expect);
 * half-even: banker's rounding; down: toward zero; up: away from zero.
 */
export type Rounding = 'half-up' | 'half-even' | 'down' | 'up';

function invalid(message: string, value: unknown): DomainError {
  return new DomainError('INVALID_AMOUNT', message, { value }, 'validation');
}

function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw invalid(`an amount must be whole cents, got ${n}`, n);
  return n;
}

/** num / den rounded as named, in exact integer arithmetic. */
function divRound(num: bigint, den: bigint, rounding: Rounding): bigint {
  if (den === 0n) throw invalid('division by zero', 0);
  if (den < 0n) return divRound(-num, -den, rounding);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const r = abs % den;
  if (r !== 0n) {
    const twice = r * 2n;
    if (rounding === 'up') q += 1n;
    else if (rounding === 'half-up' && twice >= den) q += 1n;
    else if (rounding === 'half-even' && (twice > den || (twice === den && q % 2n === 1n))) q += 1n;
  }
  return negative ? -q : q;
}

function ratio(c: Cents, numerator: number, denominator: number, rounding: Rounding): Cents {
  cents(c);
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) throw invalid('a ratio needs whole numbers and a non-zero denominator', { numerator, denominator });
  return Number(divRound(BigInt(c) * BigInt(numerator), BigInt(denominator), rounding));
}

/** Factors (need coefficients, sex factors) are decimals with at most six places. */
function multiply(c: Cents, factor: number, rounding: Rounding): Cents {
  const scaled = Math.round(factor * 1_000_000);
  if (!Number.isFinite(factor) || Math.abs(scaled - factor * 1_000_000) > 1e-3) throw invalid('a factor may have at most six decimals', factor);
  return ratio(c, scaled, 1_000_000, rounding);
}

function fromEuros(s: string): Cents {
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(String(s).trim());
  if (!m) throw invalid(`expected euros like 12.34, got ${JSON.stringify(s)}`, s);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return cents(m[1] ? -value : value);
}

function toEuros(c: Cents): string {
  cents(c);
  const abs = Math.abs(c);
  return `${c < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Finnish display: '1 234,56 €' (plain spaces, so tests and CSV viewers agree). */
function format(c: Cents): string {
  const [whole, fraction] = toEuros(c).split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = whole!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${digits},${fraction} €`;
}

/** Splits a total into parts that sum exactly to it; the first parts take the leftover cents. */
function allocate(total: Cents, parts: number): Cents[] {
  cents(total);
  if (!Number.isInteger(parts) || parts < 1) throw invalid('allocate needs at least one part', parts);
  const base = Math.trunc(total / parts);
  let rest = total - base * parts;
  const step = rest < 0 ? -1 : 1;
  return Array.from({ length: parts }, () => {
    if (rest === 0) return base;
    rest -= step;
    return base + step;
  });
}

const sum = (cs: readonly Cents[]): Cents => cents(cs.reduce((a, b) => a + b, 0));

export const Money = {
  cents,
  fromEuros,
  toEuros,
  format,
  add: (...cs: Cents[]): Cents => sum(cs),
  sum,
  multiply,
  divide: (c: Cents, divisor: number, rounding: Rounding): Cents => ratio(c, 1, divisor, rounding),
  ratio,
  /** Exact num / den rounded as named, for computations whose intermediate values exceed safe integers. */
  roundDivision: (num: bigint, den: bigint, rounding: Rounding): Cents => cents(Number(divRound(num, den, rounding))),
  allocate,
  min: (a: Cents, b: Cents): Cents => Math.min(a, b),
  max: (a: Cents, b: Cents): Cents => Math.max(a, b),
};
