import { DomainError, Money, type Cents, type Rounding } from '@luotsi/kernel';

/** The monthly amount is rounded once, at the end, half-up to the cent (what invoices expect). */
export const MONTHLY_CAPITATION_ROUNDING: Rounding = 'half-up';

/** Factors have at most six decimals, so × 1 000 000 makes them exact integers. */
const SCALE = 1_000_000n;

function scaled(factor: number, name: string): bigint {
  const n = factor * 1_000_000;
  // The same tolerance as Money.multiply: 1.1 × 1e6 is 1100000.0000000002 in floating point.
  if (!Number.isFinite(factor) || factor <= 0 || Math.abs(Math.round(n) - n) > 1e-3) {
    throw new DomainError(
      'INVALID_FACTOR',
      `${name} must be positive with at most six decimals, got ${factor}`,
      { [name]: factor },
      'validation',
    );
  }
  return BigInt(Math.round(n));
}

/**
 * One client's monthly capitation: annual amount × sex factor × need coefficient ÷ 12. Computed as
 * one exact integer fraction (annual × sex·10⁶ × need·10⁶ / (10⁶ · 10⁶ · 12)) in bigint, because the
 * product can pass Number.MAX_SAFE_INTEGER, and rounded once with MONTHLY_CAPITATION_ROUNDING, so
 * rounding never compounds across the factors. Absent factors are 1.
 */
export function monthlyCapitation(input: { annualCents: Cents; sexFactor?: number; needCoefficient?: number }): Cents {
  const sex = scaled(input.sexFactor ?? 1, 'sexFactor');
  const need = scaled(input.needCoefficient ?? 1, 'needCoefficient');
  const annual = Money.cents(input.annualCents);
  if (annual < 0) throw new DomainError('INVALID_AMOUNT', 'an annual capitation is not negative', { annualCents: annual }, 'validation');
  return Money.roundDivision(BigInt(annual) * sex * need, SCALE * SCALE * 12n, MONTHLY_CAPITATION_ROUNDING);
}
