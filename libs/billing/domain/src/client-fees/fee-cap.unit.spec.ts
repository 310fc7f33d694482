import { d } from '../testing-fixtures';
import { chargeVisit, initialFeeCapState, type ChargeableVisit, type FeeCapState } from './fee-cap';

const CAP = 10_000;
const visit = (visitId: string, date: string, feeCents: number, countsTowardCap = true): ChargeableVisit => ({
  visitId,
  date: d(date),
  serviceType: countsTowardCap ? 'doctor-visit' : 'social-guidance-meeting',
  feeCents,
  countsTowardCap,
  cap: CAP,
});

/** Folds visits in order and returns what each was charged, with the state at the end. */
function fold(visits: ChargeableVisit[], from: FeeCapState = initialFeeCapState()) {
  let state = from;
  const charges: Array<[string, number, boolean]> = [];
  for (const v of visits) {
    const r = chargeVisit(state, v);
    charges.push([v.visitId, r.charged, r.capReached]);
    state = r.state;
  }
  return { charges, state };
}

describe('chargeVisit: the annual client-fee cap as a fold', () => {
  it('charges the visit that crosses the cap only up to it', () => {
    const { charges, state } = fold([visit('v1', '2026-01-10', 4_000), visit('v2', '2026-02-10', 4_000), visit('v3', '2026-03-10', 4_000)]);
    expect(charges).toEqual([
      ['v1', 4_000, false],
      ['v2', 4_000, false],
      ['v3', 2_000, true],
    ]);
    expect(state).toEqual({ year: 2026, accumulatedCents: 10_000, capReached: true });
  });

  it('reaches the cap exactly when a fee fills the room to the cent', () => {
    expect(fold([visit('v1', '2026-01-10', 9_999), visit('v2', '2026-01-11', 1)]).charges).toEqual([
      ['v1', 9_999, false],
      ['v2', 1, true],
    ]);
  });

  it('after the cap charges 0 for counting fees but the full fee for fees that do not count, without accumulating them', () => {
    const { charges, state } = fold([
      visit('v1', '2026-01-10', 12_000),
      visit('v2', '2026-05-10', 2_390),
      visit('s1', '2026-05-11', 1_500, false),
    ]);
    expect(charges).toEqual([
      ['v1', 10_000, true],
      ['v2', 0, true],
      ['s1', 1_500, true],
    ]);
    expect(state.accumulatedCents).toBe(10_000);
  });

  it('charges non-counting fees in full below the cap too and leaves the total alone', () => {
    const { charges, state } = fold([visit('s1', '2026-01-10', 20_000, false), visit('v1', '2026-01-11', 3_000)]);
    expect(charges).toEqual([
      ['s1', 20_000, false],
      ['v1', 3_000, false],
    ]);
    expect(state.accumulatedCents).toBe(3_000);
  });

  it('counts a 31 December visit to the old year and starts 1 January from zero', () => {
    const { charges, state } = fold([visit('v1', '2026-06-01', 9_000), visit('v2', '2026-12-31', 2_000), visit('v3', '2027-01-01', 2_000)]);
    expect(charges).toEqual([
      ['v1', 9_000, false],
      ['v2', 1_000, true],
      ['v3', 2_000, false],
    ]);
    expect(state).toEqual({ year: 2027, accumulatedCents: 2_000, capReached: false });
  });

  it('refuses a visit of an earlier year than the running total (the fold needs date order)', () => {
    const { state } = fold([visit('v1', '2027-01-02', 1_000)]);
    expect(() => chargeVisit(state, visit('v0', '2026-12-31', 1_000))).toThrow(expect.objectContaining({ code: 'VISIT_OUT_OF_ORDER' }));
  });

  it('refuses fees and caps that are not whole non-negative cents', () => {
    expect(() => chargeVisit(initialFeeCapState(), visit('v1', '2026-01-01', 12.5))).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
    expect(() => chargeVisit(initialFeeCapState(), { ...visit('v1', '2026-01-01', 100), cap: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });
});
