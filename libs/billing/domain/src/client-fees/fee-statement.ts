import type { Cents, LocalDate, PersonRef } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';
import type { ClientFeeEvent } from './client-fee-decider';

export interface FeeStatementLine {
  date: LocalDate;
  serviceType: ServiceType;
  visitId: string;
  listPriceCents: Cents;
  chargedCents: Cents;
  /** Every invoice must say whether the fee counts toward the cap (client-fees act). */
  countsTowardCap: boolean;
}

export interface FeeStatement {
  personRef: PersonRef;
  year: number;
  lines: FeeStatementLine[];
  totalChargedCents: Cents;
  accumulatedTowardCapCents: Cents;
  /** The cap of the year: from FeeCapReached, else from options.capFor, else null (unknown). */
  capCents: Cents | null;
  capReachedOn: LocalDate | null;
}

const lineOf = (c: Extract<ClientFeeEvent, { type: 'ClientFeeCharged' }>['data']): FeeStatementLine => ({
  date: c.date, serviceType: c.serviceType, visitId: c.visitId, listPriceCents: c.listPriceCents, chargedCents: c.chargedCents, countsTowardCap: c.countsTowardCap,
});

/**
 * Statements per person per calendar year from client-fee events (one stream or many), sorted by
 * person then year. Charged events carry no cap, so for a year whose cap was not reached the caller
 * may name it through capFor (typically the client-fee table's annualCapCents).
 */
export function statement(events: readonly ClientFeeEvent[], options: { capFor?: (year: number) => Cents | null } = {}): FeeStatement[] {
  const byKey = new Map<string, FeeStatement>();
  const entry = (personRef: PersonRef, year: number): FeeStatement => {
    const key = `${personRef}|${year}`;
    let s = byKey.get(key);
    if (!s) {
      s = { personRef, year, lines: [], totalChargedCents: 0, accumulatedTowardCapCents: 0, capCents: null, capReachedOn: null };
      byKey.set(key, s);
    }
    return s;
  };
  for (const e of events) {
    const s = entry(e.data.personRef, e.data.year);
    if (e.type === 'ClientFeeCharged') {
      s.lines.push(lineOf(e.data));
      s.totalChargedCents += e.data.chargedCents;
      // Each charge carries the running total after it, so the latest one is the year's total so far.
      s.accumulatedTowardCapCents = e.data.accumulatedCents;
    } else {
      s.capCents = e.data.capCents;
      s.capReachedOn = e.data.reachedOn;
    }
  }
  const all = [...byKey.values()].sort((a, b) => (a.personRef < b.personRef ? -1 : a.personRef > b.personRef ? 1 : a.year - b.year));
  for (const s of all) if (s.capCents === null) s.capCents = options.capFor?.(s.year) ?? null;
  return all;
}

/**
 * The statement of one fee stream (one person, one year), in the shape billing's HTTP API answers
 * with; capCents is known only once the cap is reached.
 */
export function feeStatement(events: readonly ClientFeeEvent[]) {
  const charges = events.flatMap((e) => (e.type === 'ClientFeeCharged' ? [e.data] : []));
  const cap = events.find((e) => e.type === 'FeeCapReached')?.data ?? null;
  return {
    lines: charges.map(lineOf),
    totalChargedCents: charges.reduce((a, c) => a + c.chargedCents, 0),
    accumulatedTowardCapCents: charges.at(-1)?.accumulatedCents ?? 0,
    capReachedOn: cap?.reachedOn ?? null,
    capCents: cap?.capCents ?? null,
  };
}
