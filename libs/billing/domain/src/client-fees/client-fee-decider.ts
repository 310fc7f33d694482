import { assertNever, DomainError, LocalDate, type Cents, type Decider, type PersonRef } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';
import { chargeVisit } from './fee-cap';

/**
 * The client-fee cap (maksukatto) per person per calendar year, as events: every charge says what
 * the list price was, what was charged and whether it counted toward the cap (every invoice must
 * say so), and the visit that reaches the cap is marked once.
 */
export type ClientFeeEvent =
  | {
      type: 'ClientFeeCharged';
      data: {
        personRef: PersonRef;
        year: number;
        visitId: string;
        date: LocalDate;
        serviceType: ServiceType;
        listPriceCents: Cents;
        chargedCents: Cents;
        countsTowardCap: boolean;
        accumulatedCents: Cents;
      };
    }
  | { type: 'FeeCapReached'; data: { personRef: PersonRef; year: number; reachedOn: LocalDate; capCents: Cents } };

export type ClientFeeCommand = {
  type: 'ChargeVisit';
  personRef: PersonRef;
  visitId: string;
  date: LocalDate;
  serviceType: ServiceType;
  feeCents: Cents;
  countsTowardCap: boolean;
  capCents: Cents;
  /** A missed appointment is not a visit: no fee here (a separate no-show fee is out of scope). */
  noShow: boolean;
};

export interface ClientFeeState {
  year: number | null;
  accumulated: Cents;
  capReachedOn: LocalDate | null;
  visits: Set<string>;
}

const initialState = (): ClientFeeState => ({ year: null, accumulated: 0, capReachedOn: null, visits: new Set() });

/**
 * Charges one visit against the person's cap for the stream's year. The same visit again appends
 * nothing (a re-sent report row must not charge twice), and a no-show is not a visit: the separate
 * no-show fee is out of scope here, so it appends nothing either.
 */
function decide(c: ClientFeeCommand, s: ClientFeeState): ClientFeeEvent[] {
  if (c.type !== 'ChargeVisit') return assertNever(c.type);
  const year = LocalDate.parts(LocalDate.parse(c.date)).year;
  // One stream per person and year (clientFeeStream), so a visit of another year belongs elsewhere.
  if (s.year !== null && s.year !== year)
    throw new DomainError('WRONG_FEE_YEAR', `this fee account is for ${s.year}`, { year: s.year, date: c.date }, 'rule');
  if (c.noShow || s.visits.has(c.visitId)) return [];
  const { charged, capReached, state } = chargeVisit(
    { year: s.year, accumulatedCents: s.accumulated, capReached: s.capReachedOn !== null },
    {
      visitId: c.visitId,
      date: c.date,
      serviceType: c.serviceType,
      feeCents: c.feeCents,
      countsTowardCap: c.countsTowardCap,
      cap: c.capCents,
    },
  );
  const events: ClientFeeEvent[] = [
    {
      type: 'ClientFeeCharged',
      data: {
        personRef: c.personRef,
        year,
        visitId: c.visitId,
        date: c.date,
        serviceType: c.serviceType,
        listPriceCents: c.feeCents,
        chargedCents: charged,
        countsTowardCap: c.countsTowardCap,
        accumulatedCents: state.accumulatedCents,
      },
    },
  ];
  // Marked once, on the visit that reaches the cap: later visits find capReachedOn already set.
  if (c.countsTowardCap && capReached && s.capReachedOn === null) {
    events.push({ type: 'FeeCapReached', data: { personRef: c.personRef, year, reachedOn: c.date, capCents: c.capCents } });
  }
  return events;
}

function evolve(s: ClientFeeState, e: ClientFeeEvent): ClientFeeState {
  switch (e.type) {
    case 'ClientFeeCharged':
      return { ...s, year: e.data.year, accumulated: e.data.accumulatedCents, visits: new Set([...s.visits, e.data.visitId]) };
    case 'FeeCapReached':
      return { ...s, capReachedOn: e.data.reachedOn };
    default:
      return assertNever(e);
  }
}

export const clientFeeDecider: Decider<ClientFeeCommand, ClientFeeEvent, ClientFeeState> = { decide, evolve, initialState };

/**
 * One stream per person and calendar year. The category is the text before the first dash
 * (ARCHITECTURE.md: streams are `<category>-<id>`), hence `clientfees-…` rather than `client-fees-…`.
 */
export const clientFeeStream = (personRef: string, year: number): string => `clientfees-${personRef}-${year}`;
