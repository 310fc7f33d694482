import { DEFAULT_RHO, rhoOf, tScore, tScoreHundredths } from './gas';

describe('Goal Attainment Scaling T-score (ρ = 0.3)', () => {
  it('one goal at +2: 50 + 10·2/√(0.7·1 + 0.3·1) = 70.00', () => {
    expect(tScore([{ level: 2, weight: 1 }])).toBe(70);
  });

  it('all goals at 0 (the expected outcome) give exactly 50.00', () => {
    expect(
      tScore([
        { level: 0, weight: 1 },
        { level: 0, weight: 3 },
        { level: 0, weight: 2.5 },
      ]),
    ).toBe(50);
  });

  it('unequal weights with mixed levels, by hand: w = 3, 2, 1 and x = +1, −2, +2', () => {
    // Σwx = 3 − 4 + 2 = 1; Σw² = 14; (Σw)² = 36; 0.7·14 + 0.3·36 = 20.6; √20.6 = 4.53872…; 10/4.53872 = 2.2033
    expect(
      tScore([
        { level: 1, weight: 3 },
        { level: -2, weight: 2 },
        { level: 2, weight: 1 },
      ]),
    ).toBe(52.2);
  });

  it('more hand-computed cases: two goals, all below, decimal weights', () => {
    // w = 2, 1; x = +1, −1: Σwx = 1; 0.7·5 + 0.3·9 = 6.2; 10/√6.2 = 4.0161 → 54.02
    expect(
      tScore([
        { level: 1, weight: 2 },
        { level: -1, weight: 1 },
      ]),
    ).toBe(54.02);
    // w = 1, 1, 1; x = −2, −1, −1: Σwx = −4; 0.7·3 + 0.3·9 = 4.8; 40/√4.8 = 18.2574 → 31.74
    expect(
      tScore([
        { level: -2, weight: 1 },
        { level: -1, weight: 1 },
        { level: -1, weight: 1 },
      ]),
    ).toBe(31.74);
    // w = 1.5, 0.5; x = +2, −1: Σwx = 2.5; 0.7·2.5 + 0.3·4 = 2.95; 25/√2.95 = 14.5556 → 64.56
    expect(
      tScore([
        { level: 2, weight: 1.5 },
        { level: -1, weight: 0.5 },
      ]),
    ).toBe(64.56);
  });

  it('is exact: the hundredths are integers, and scaling every weight changes nothing', () => {
    const a = tScoreHundredths([
      { level: 1, weight: 3 },
      { level: -2, weight: 2 },
      { level: 2, weight: 1 },
    ]);
    const b = tScoreHundredths([
      { level: 1, weight: 30 },
      { level: -2, weight: 20 },
      { level: 2, weight: 10 },
    ]);
    expect(a).toBe(5220);
    expect(b).toBe(a);
  });

  it('takes ρ from configuration: with ρ = 0 one goal at +1 of two equal goals is 50 + 10/√2 = 57.07', () => {
    expect(
      tScore(
        [
          { level: 1, weight: 1 },
          { level: 0, weight: 1 },
        ],
        rhoOf('0'),
      ),
    ).toBe(57.07);
    expect(
      tScore(
        [
          { level: 1, weight: 1 },
          { level: 0, weight: 1 },
        ],
        DEFAULT_RHO,
      ),
    ).toBe(56.2);
  });

  it('has no score without goals, and refuses levels and weights outside GAS', () => {
    expect(tScore([])).toBeNull();
    expect(() => tScore([{ level: 3, weight: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_LEVEL' }));
    expect(() => tScore([{ level: 0.5, weight: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_LEVEL' }));
    expect(() => tScore([{ level: 1, weight: 0 }])).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHT' }));
    expect(() => tScore([{ level: 1, weight: 0.001 }])).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHT' }));
    expect(() => rhoOf('1')).toThrow(expect.objectContaining({ code: 'INVALID_RHO' }));
  });
});
