import { FEE_CAP_BY_YEAR } from '../rates/rate-tables';
import type { ServiceType } from '../vocabulary';
import { dueInDateOrder, type AccountVisit } from './client-fee-decider';
import type { Cents, LocalDate, PersonRef } from '@luotsi/kernel';

/** One line of an account's ledger (a charge or a correction), in the order it was made. */
export interface FeeLedgerLine {
  kind: 'charge' | 'refund' | 'further-charge';
  personRef: string;
  visitId: string;
  date: LocalDate;
  serviceType: string;
  listPriceCents: Cents;
  amountCents: Cents;
  countsTowardCap: boolean;
  /** On charges: the cap of the visit's year from its rate table (absent on lines from before accounts). */
  capCents: Cents | null;
  /** On the refund of a visit that left the account: where it went. */
  movedToAccountRef: string | null;
}

export interface AccountYear {
  visits: number;
  corrections: number;
  /** What the account was charged in all, corrections included. */
  chargedCents: Cents;
  /** Of it, what counted toward the cap. */
  countedCents: Cents;
  /** The crossing in date order, or null. */
  capReachedOn: LocalDate | null;
  /** Visits whose charge after corrections is not what the year folded in date order says: should be none. */
  mismatches: string[];
}

/**
 * The year of one fee account, checked: its ledger (charges in report order and the corrections
 * that followed) against the fold of its visits in date order. The statement run and the
 * reconciliation before invoicing are this, account by account.
 */
export function accountYear(year: number, lines: readonly FeeLedgerLine[]): AccountYear {
  const visits = new Map<string, AccountVisit>();
  let corrections = 0;
  let chargedCents = 0;
  let countedCents = 0;
  for (const l of lines) {
    chargedCents += l.amountCents;
    if (l.countsTowardCap) countedCents += l.amountCents;
    if (l.kind === 'charge') {
      visits.set(l.visitId, {
        visitId: l.visitId,
        personRef: l.personRef as PersonRef,
        date: l.date,
        serviceType: l.serviceType as ServiceType,
        listPriceCents: l.listPriceCents,
        countsTowardCap: l.countsTowardCap,
        capCents: l.capCents ?? FEE_CAP_BY_YEAR[year] ?? Number.MAX_SAFE_INTEGER,
        seq: visits.size,
        netChargedCents: l.amountCents,
      });
    } else {
      corrections += 1;
      const v = visits.get(l.visitId);
      // A visit that left the account is refunded here in full and counted where it went.
      if (v && l.movedToAccountRef !== null) visits.delete(l.visitId);
      else if (v) v.netChargedCents += l.amountCents;
    }
  }
  const { due, crossing } = dueInDateOrder(visits.values());
  const mismatches = [...visits.values()].filter((v) => due.get(v.visitId)!.dueCents !== v.netChargedCents).map((v) => v.visitId);
  return { visits: visits.size, corrections, chargedCents, countedCents, capReachedOn: crossing?.date ?? null, mismatches };
}
