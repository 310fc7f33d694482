import fc from 'fast-check';
import { Money } from './money';

describe('Money', () => {
  it('reads and writes euros', () => {
    expect(Money.fromEuros('12.34')).toBe(1234);
    expect(Money.fromEuros('12,3')).toBe(1230);
    expect(Money.fromEuros('-0.05')).toBe(-5);
    expect(Money.toEuros(123456700)).toBe('1234567.00');
    expect(Money.toEuros(-5)).toBe('-0.05');
    expect(Money.format(123456)).toBe('1 234,56 €');
    expect(() => Money.fromEuros('1.234')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    expect(() => Money.cents(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });

  it('rounds as named', () => {
    const cases: Array<[number, number, Record<string, number>]> = [
      [5, 10, { 'half-up': 1, 'half-even': 0, down: 0, up: 1 }], //  0.5
      [-5, 10, { 'half-up': -1, 'half-even': 0, down: 0, up: -1 }], // -0.5
      [15, 10, { 'half-up': 2, 'half-even': 2, down: 1, up: 2 }], //  1.5
      [25, 10, { 'half-up': 3, 'half-even': 2, down: 2, up: 3 }], //  2.5
      [14, 10, { 'half-up': 1, 'half-even': 1, down: 1, up: 2 }], //  1.4
    ];
    for (const [c, divisor, expected] of cases) {
      for (const [rounding, value] of Object.entries(expected)) expect([c, divisor, rounding, Money.divide(c, divisor, rounding as never)]).toEqual([c, divisor, rounding, value]);
    }
    expect(Money.multiply(3, 1.1, 'half-up')).toBe(3);
    expect(Money.multiply(5, 1.1, 'half-up')).toBe(6); // 5.5
    expect(Money.multiply(100_000, 1.25, 'half-up')).toBe(125_000);
    expect(() => Money.multiply(100, 1.1234567, 'half-up')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });

  describe('properties', () => {
    const amounts = fc.integer({ min: -1e12, max: 1e12 });
    it('euros round-trip', () => fc.assert(fc.property(amounts, (c) => Money.fromEuros(Money.toEuros(c)) === c)));
    it('allocate sums to the total and parts differ by at most one cent', () =>
      fc.assert(fc.property(amounts, fc.integer({ min: 1, max: 500 }), (total, n) => {
        const parts = Money.allocate(total, n);
        return parts.length === n && Money.sum(parts) === total && Math.max(...parts) - Math.min(...parts) <= 1;
      })));
    it('ratio matches an exact BigInt oracle (half-up)', () =>
      fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (c, n, dd) => {
        const num = BigInt(c) * BigInt(n);
        const den = BigInt(dd);
        const abs = num < 0n ? -num : num;
        const rounded = (abs * 2n + den) / (2n * den);
        const expected = Number(num < 0n ? -rounded : rounded);
        return Money.ratio(c, n, dd, 'half-up') === expected;
      })));
    it('down never exceeds the exact value and up never falls below it', () =>
      fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1000 }), (c, dd) => Money.divide(c, dd, 'down') * dd <= c && Money.divide(c, dd, 'up') * dd >= c)));
  });
});
