import { Money, type Rounding } from './money';

const invalidAmount = expect.objectContaining({ code: 'INVALID_AMOUNT', kind: 'validation' });

describe('Money', () => {
  it('holds whole cents only', () => {
    expect(Money.cents(1234)).toBe(1234);
    for (const bad of [1.5, 0.1, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) expect(() => Money.cents(bad)).toThrow(invalidAmount);
    expect(() => Money.add(100, 0.5)).toThrow(invalidAmount);
    expect(() => Money.sum([0.5, 0.5])).toThrow(invalidAmount); // not rescued by adding up to a whole
    expect(() => Money.toEuros(12.5)).toThrow(invalidAmount);
  });

  it('reads euros with a dot or a comma and at most two decimals', () => {
    expect(Money.fromEuros('12.34')).toBe(1234);
    expect(Money.fromEuros('12,34')).toBe(1234);
    expect(Money.fromEuros('12,3')).toBe(1230);
    expect(Money.fromEuros('12')).toBe(12_00);
    expect(Money.fromEuros('-0.5')).toBe(-50);
    expect(Money.fromEuros('-0.05')).toBe(-5);
    expect(Money.fromEuros(' 7.00 ')).toBe(700);
    expect(Money.fromEuros('-0.00')).toBe(0); // no negative zero
    for (const bad of ['1.234', '12.', '.5', '1 234,56', '1e3', 'abc', '', '--1', '12,34 €'])
      expect(() => Money.fromEuros(bad)).toThrow(invalidAmount);
  });

  it('writes euros for CSV/JSON and for Finnish display', () => {
    expect(Money.toEuros(1234)).toBe('12.34');
    expect(Money.toEuros(-5)).toBe('-0.05');
    expect(Money.toEuros(-123)).toBe('-1.23');
    expect(Money.toEuros(0)).toBe('0.00');
    expect(Money.toEuros(123456700)).toBe('1234567.00');
    expect(Money.format(123456)).toBe('1 234,56 €');
    expect(Money.format(-123456789)).toBe('-1 234 567,89 €');
    expect(Money.format(5)).toBe('0,05 €');
    expect(Money.format(100_000)).toBe('1 000,00 €');
  });

  it('adds, compares', () => {
    expect(Money.add(100, -30, 5)).toBe(75);
    expect(Money.add()).toBe(0);
    expect(Money.sum([1, 2, 3])).toBe(6);
    expect(Money.min(-1, 1)).toBe(-1);
    expect(Money.max(-1, 1)).toBe(1);
  });

  it('rounds halves, their negatives and non-halves as named', () => {
    const expected: Record<Rounding, number[]> = {
      //            0.5  -0.5  1.5  2.5  -1.5  -2.5  1.4  -1.4  1.6
      'half-up': [1, -1, 2, 3, -2, -3, 1, -1, 2],
      'half-even': [0, 0, 2, 2, -2, -2, 1, -1, 2],
      down: [0, 0, 1, 2, -1, -2, 1, -1, 1],
      up: [1, -1, 2, 3, -2, -3, 2, -2, 2],
    };
    const tenths = [5, -5, 15, 25, -15, -25, 14, -14, 16];
    for (const [rounding, values] of Object.entries(expected) as Array<[Rounding, number[]]>) {
      expect({ rounding, values: tenths.map((c) => Money.divide(c, 10, rounding) || 0) }).toEqual({ rounding, values });
      expect({ rounding, values: tenths.map((c) => Money.multiply(c, 0.1, rounding) || 0) }).toEqual({ rounding, values });
      expect({ rounding, values: tenths.map((c) => Money.ratio(c, 3, 30, rounding) || 0) }).toEqual({ rounding, values });
    }
  });

  it('multiplies by decimal factors without floating-point drift', () => {
    expect(Money.multiply(3, 1.1, 'half-up')).toBe(3); // 3.3
    expect(Money.multiply(3, 1.1, 'up')).toBe(4);
    expect(Money.multiply(5, 1.1, 'half-even')).toBe(6); // 5.5
    expect(Money.multiply(5, 1.1, 'down')).toBe(5);
    expect(Money.multiply(100, 1.005, 'half-up')).toBe(101); // 100 × 1.005 is 100.49999999999999 in floats
    expect(Money.multiply(100, 0.285, 'half-up')).toBe(29); // 28.499999999999996 in floats
    expect(Money.multiply(100, 0.285, 'half-even')).toBe(28);
    expect(Money.multiply(100_000, 1.25, 'half-up')).toBe(125_000);
    expect(Money.multiply(1, 0.000001, 'up')).toBe(1);
    expect(Money.multiply(-1000, 1.5, 'half-up')).toBe(-1500);
    expect(Money.multiply(9_000_000_000_000, 1.000001, 'down')).toBe(9_000_009_000_000); // 9.000009e18 in the middle, beyond 2^53
  });

  it('refuses factors with more than six decimals, and results beyond whole cents', () => {
    expect(() => Money.multiply(100, 1.1234567, 'half-up')).toThrow(invalidAmount);
    expect(() => Money.multiply(100, NaN, 'half-up')).toThrow(invalidAmount);
    expect(() => Money.multiply(1.5, 2, 'half-up')).toThrow(invalidAmount);
    expect(() => Money.multiply(Number.MAX_SAFE_INTEGER, 2, 'half-up')).toThrow(invalidAmount);
  });

  it('divides by whole positive numbers only', () => {
    expect(Money.divide(1000, 3, 'half-up')).toBe(333);
    expect(Money.divide(1000, 3, 'up')).toBe(334);
    for (const bad of [0, -2, 1.5]) expect(() => Money.divide(1000, bad, 'half-up')).toThrow(invalidAmount);
    expect(() => Money.ratio(1000, 1, 0, 'half-up')).toThrow(invalidAmount);
    expect(() => Money.ratio(1000, 1.5, 2, 'half-up')).toThrow(invalidAmount);
  });

  it('takes exact ratios even when the intermediate product passes 2^53', () => {
    expect(Money.ratio(9_007_199_254_740, 1_000_003, 1_000_000, 'down')).toBe(9_007_226_276_337);
    expect(Money.ratio(1000, 2, -3, 'half-up')).toBe(-667);
    expect(Money.roundDivision(10n ** 20n + 1n, 10n ** 18n, 'up')).toBe(101);
    expect(() => Money.roundDivision(1n, 0n, 'up')).toThrow(invalidAmount);
  });

  it('allocates with the leftover cents on the first parts', () => {
    expect(Money.allocate(100, 3)).toEqual([34, 33, 33]);
    expect(Money.allocate(101, 3)).toEqual([34, 34, 33]);
    expect(Money.allocate(2, 4)).toEqual([1, 1, 0, 0]);
    expect(Money.allocate(-100, 3)).toEqual([-34, -33, -33]);
    expect(Money.allocate(0, 2)).toEqual([0, 0]);
    expect(Object.is(Money.allocate(-1, 2)[1], 0)).toBe(true);
    for (const bad of [0, -1, 1.5]) expect(() => Money.allocate(100, bad)).toThrow(invalidAmount);
  });
});
