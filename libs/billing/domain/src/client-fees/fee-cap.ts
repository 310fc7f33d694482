import { DomainError, LocalDate, type Cents } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';

/**
 * The annual client-fee cap (maksukatto, client-fees act 734/1992) as a pure fold over one person's
 * chargeable visits in date order. Kept apart from the decider so the arithmetic can be tested and
 * reused (statements, what-if screens) without events.
 */
export interface FeeCapState {
  /** The calendar year the running total belongs to; null before the first visit. */
  year: number | null;
  /** Fees that counted toward the cap and were actually charged this year. */
  accumulatedCents: Cents;
  capReached: boolean;
}

export interface ChargeableVisit {
  visitId: string;
  date: LocalDate;
  serviceType: ServiceType;
  /** The list price of the visit (the client fee from the rate table). */
  feeCents: Cents;
  countsTowardCap: boolean;
  /** The cap of the visit's year, from the client-fee table in force on the visit date. */
  cap: Cents;
}

export interface VisitCharge {
  charged: Cents;
  /** True when, after this visit, the counted total is at (or above) the cap. */
  capReached: boolean;
  state: FeeCapState;
}

export const initialFeeCapState = (): FeeCapState => ({ year: null, accumulatedCents: 0, capReached: false });

function requireCents(value: Cents, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new DomainError('INVALID_AMOUNT', `${field} must be whole non-negative cents`, { [field]: value }, 'validation');
}

/**
 * Charges one visit. The visit that crosses the cap pays only the room left under it; after the cap
 * counted fees are zero until the year ends. Fees that do not count are charged in full and never
 * accumulate. A visit in a later year starts again from zero (the cap runs per calendar year); a
 * visit in an earlier year than the running total is refused, because the fold needs date order.
 */
export function chargeVisit(state: FeeCapState, visit: ChargeableVisit): VisitCharge {
  requireCents(visit.feeCents, 'feeCents');
  requireCents(visit.cap, 'cap');
  const year = LocalDate.parts(LocalDate.parse(visit.date)).year;
  if (state.year !== null && year < state.year) {
    throw new DomainError(
      'VISIT_OUT_OF_ORDER',
      `the fee account has moved on to ${state.year}; a visit of ${year} cannot be charged after it`,
      { year: state.year, date: visit.date },
      'rule',
    );
  }
  const current = state.year === year ? state : { year, accumulatedCents: 0, capReached: false };
  if (!visit.countsTowardCap) {
    return { charged: visit.feeCents, capReached: current.capReached, state: current };
  }
  const room = Math.max(0, visit.cap - current.accumulatedCents);
  const charged = Math.min(visit.feeCents, room);
  const accumulatedCents = current.accumulatedCents + charged;
  const capReached = accumulatedCents >= visit.cap;
  return { charged, capReached, state: { year, accumulatedCents, capReached } };
}
