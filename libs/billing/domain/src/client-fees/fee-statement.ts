import type { Cents, LocalDate } from '@luotsi/kernel';
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

const lineOf = (c: Extract<ClientFeeEvent, { type: 'ClientFeeCharged' }>['data']): FeeStatementLine => ({
  date: c.date,
  serviceType: c.serviceType,
  visitId: c.visitId,
  listPriceCents: c.listPriceCents,
  chargedCents: c.chargedCents,
  countsTowardCap: c.countsTowardCap,
});

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
