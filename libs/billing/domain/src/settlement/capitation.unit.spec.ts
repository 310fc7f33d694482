import { monthlyCapitation, MONTHLY_CAPITATION_ROUNDING } from './capitation';

describe('monthly capitation of one client', () => {
  it('names its rounding: half-up, applied once', () => {
    expect(MONTHLY_CAPITATION_ROUNDING).toBe('half-up');
  });

  it('is the annual amount / 12 in exact cents', () => {
    expect(monthlyCapitation({ annualCents: 100_000 })).toBe(8_333); // 8333.33 → down
    expect(monthlyCapitation({ annualCents: 100_006 })).toBe(8_334); // 8333.83 → up
    expect(monthlyCapitation({ annualCents: 120_000 })).toBe(10_000); // exact
    expect(monthlyCapitation({ annualCents: 6 })).toBe(1); // 0.5 → half-up
    expect(monthlyCapitation({ annualCents: 18 })).toBe(2); // 1.5 → 2 (half-even would also give 2)
    expect(monthlyCapitation({ annualCents: 30 })).toBe(3); // 2.5 → 3 (half-even would give 2)
    expect(monthlyCapitation({ annualCents: 0 })).toBe(0);
  });

  it('applies the sex factor and the need coefficient before the single rounding', () => {
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 1.25, needCoefficient: 1 })).toBe(10_417); // 10416.67
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 1, needCoefficient: 1.25 })).toBe(10_417);
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 1.1, needCoefficient: 1.25 })).toBe(11_458); // 11458.33
    expect(monthlyCapitation({ annualCents: 30, sexFactor: 1, needCoefficient: 1.3 })).toBe(3); // 3.25
    // Once: 6 × 1.5 / 12 = 0.75 → 1. Rounding the monthly amount first would give round(0.5) = 1, × 1.5 → 2.
    expect(monthlyCapitation({ annualCents: 6, needCoefficient: 1.5 })).toBe(1);
  });

  it('keeps exact cents where floating point would drift (factors with six decimals, large amounts)', () => {
    // 987 654 321 × 1 000 001 × 2 500 000 passes 2^53, so the fraction is computed in bigint.
    expect(monthlyCapitation({ annualCents: 987_654_321, sexFactor: 1.000001, needCoefficient: 2.5 })).toBe(205_761_523); // 205761522.64
    expect(monthlyCapitation({ annualCents: 100_000, sexFactor: 0.000001 })).toBe(0); // 0.0083
  });

  it('refuses factors that are not positive with at most six decimals, and negative amounts', () => {
    expect(() => monthlyCapitation({ annualCents: 100_000, sexFactor: 1.0000001 })).toThrow(
      expect.objectContaining({ code: 'INVALID_FACTOR' }),
    );
    expect(() => monthlyCapitation({ annualCents: 100_000, needCoefficient: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_FACTOR' }),
    );
    expect(() => monthlyCapitation({ annualCents: 100_000, needCoefficient: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'INVALID_FACTOR' }),
    );
    expect(() => monthlyCapitation({ annualCents: -12 })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    expect(() => monthlyCapitation({ annualCents: 100.5 })).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });
});
