import { Money, type Cents, type Rounding } from '@luotsi/kernel';

/** The monthly amount is rounded once, at the end, half-up to the cent. */
export const MONTHLY_CAPITATION_ROUNDING: Rounding = 'half-up';

const SCALE = 1_000_000;

/**
 * One client's monthly capitation: the annual amount × sex factor × need coefficient ÷ 12, in exact
 * integer arithmetic (factors have at most six decimals) and one named rounding.
 */
export function monthlyCapitation(input: { annualCents: Cents; sexFactor: number; needCoefficient: number }): Cents {
  const sex = BigInt(Math.round(input.sexFactor * SCALE));
  const need = BigInt(Math.round(input.needCoefficient * SCALE));
  const numerator = BigInt(Money.cents(input.annualCents)) * sex * need;
  return Money.roundDivision(numerator, BigInt(SCALE) * BigInt(SCALE) * 12n, MONTHLY_CAPITATION_ROUNDING);
}
