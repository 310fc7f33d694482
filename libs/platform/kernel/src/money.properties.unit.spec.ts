import fc from 'fast-check';
import { Money, type Rounding } from './money';

const amounts = fc.integer({ min: -1e13, max: 1e13 });
const roundings = fc.constantFrom<Rounding>('half-up', 'half-even', 'down', 'up');

/** An independent oracle: floor division, then pick floor or floor + 1 by comparing 2·remainder to den. */
function oracle(num: bigint, den: bigint, rounding: Rounding): bigint {
  if (den < 0n) [num, den] = [-num, -den];
  const floor = num >= 0n ? num / den : -((-num + den - 1n) / den);
  const r = num - floor * den; // 0 ≤ r < den
  if (r === 0n) return floor;
  const towardZero = num > 0n ? floor : floor + 1n;
  const awayFromZero = num > 0n ? floor + 1n : floor;
  const nearer = 2n * r < den ? floor : floor + 1n;
  if (rounding === 'down') return towardZero;
  if (rounding === 'up') return awayFromZero;
  if (2n * r !== den) return nearer;
  return rounding === 'half-up' ? awayFromZero : floor % 2n === 0n ? floor : floor + 1n;
}

describe('money properties', () => {
  it('euros round-trip through text, with a dot or a comma', () =>
    fc.assert(
      fc.property(amounts, (c) => Money.fromEuros(Money.toEuros(c)) === c && Money.fromEuros(Money.toEuros(c).replace('.', ',')) === c),
    ));

  it('allocate sums to the total, parts differ by at most a cent, larger (in magnitude) first', () =>
    fc.assert(
      fc.property(amounts, fc.integer({ min: 1, max: 400 }), (total, n) => {
        const parts = Money.allocate(total, n);
        const magnitudes = parts.map(Math.abs);
        return (
          parts.length === n &&
          Money.sum(parts) === total &&
          Math.max(...parts) - Math.min(...parts) <= 1 &&
          magnitudes.every((p, i) => i === 0 || p <= magnitudes[i - 1]!) &&
          parts.every((p) => p === 0 || Math.sign(p) === Math.sign(total))
        );
      }),
    ));

  it('ratio is the exact fraction rounded as named (BigInt oracle)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.boolean(),
        roundings,
        (c, n, den, negate, rounding) => {
          const d = negate ? -den : den;
          return Money.ratio(c, n, d, rounding) === Number(oracle(BigInt(c) * BigInt(n), BigInt(d), rounding));
        },
      ),
    ));

  it('multiply by a six-decimal factor equals the exact ratio over 10⁶', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: -20_000_000, max: 20_000_000 }),
        roundings,
        (c, micro, rounding) =>
          Money.multiply(c, micro / 1e6, rounding) === Number(oracle(BigInt(c) * BigInt(micro), 1_000_000n, rounding)),
      ),
    ));

  it('down never exceeds the exact quotient and up never falls below it', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (c, d) => {
        const down = Money.divide(c, d, 'down');
        const up = Money.divide(c, d, 'up');
        return down * d <= c && up * d >= c && up - down <= 1;
      }),
    ));
});
