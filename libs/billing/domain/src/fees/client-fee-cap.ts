import { assertNever, DomainError, LocalDate, type Cents, type Decider, type PersonRef } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';

/**
 * The client-fee cap (maksukatto): fees that count toward it accumulate per person per calendar
 * year; the visit that crosses the cap is charged only up to it, and after that counted fees are
 * zero for the rest of the year. Fees that do not count are charged in full and do not accumulate.
 */
export type ClientFeeEvent =
  | { type: 'ClientFeeCharged'; data: { personRef: PersonRef; year: number; visitId: string; date: LocalDate; serviceType: ServiceType; listPriceCents: Cents; chargedCents: Cents; countsTowardCap: boolean; accumulatedCents: Cents } }
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

function decide(c: ClientFeeCommand, s: ClientFeeState): ClientFeeEvent[] {
  if (c.type !== 'ChargeVisit') return assertNever(c.type);
  const year = LocalDate.parts(c.date).year;
  if (s.year !== null && s.year !== year) throw new DomainError('WRONG_FEE_YEAR', `this fee account is for ${s.year}`, { year: s.year, date: c.date }, 'rule');
  if (c.noShow || s.visits.has(c.visitId)) return [];
  if (!Number.isSafeInteger(c.feeCents) || c.feeCents < 0) throw new DomainError('INVALID_AMOUNT', 'a fee is whole non-negative cents', { feeCents: c.feeCents }, 'validation');
  const room = Math.max(0, c.capCents - s.accumulated);
  const charged = c.countsTowardCap ? Math.min(c.feeCents, room) : c.feeCents;
  const accumulated = c.countsTowardCap ? s.accumulated + charged : s.accumulated;
  const events: ClientFeeEvent[] = [
    { type: 'ClientFeeCharged', data: { personRef: c.personRef, year, visitId: c.visitId, date: c.date, serviceType: c.serviceType, listPriceCents: c.feeCents, chargedCents: charged, countsTowardCap: c.countsTowardCap, accumulatedCents: accumulated } },
  ];
  if (c.countsTowardCap && s.capReachedOn === null && accumulated >= c.capCents) {
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
export const clientFeeStream = (personRef: string, year: number): string => `clientfees-${personRef}-${year}`;

/** A person's statement for a year: every charge, whether it counted toward the cap, and the totals. */
export function feeStatement(events: readonly ClientFeeEvent[]) {
  const charges = events.flatMap((e) => (e.type === 'ClientFeeCharged' ? [e.data] : []));
  const cap = events.find((e) => e.type === 'FeeCapReached')?.data ?? null;
  return {
    lines: charges.map((c) => ({ date: c.date, serviceType: c.serviceType, visitId: c.visitId, listPriceCents: c.listPriceCents, chargedCents: c.chargedCents, countsTowardCap: c.countsTowardCap })),
    totalChargedCents: charges.reduce((a, c) => a + c.chargedCents, 0),
    accumulatedTowardCapCents: charges.at(-1)?.accumulatedCents ?? 0,
    capReachedOn: cap?.reachedOn ?? null,
    capCents: cap?.capCents ?? null,
  };
}
