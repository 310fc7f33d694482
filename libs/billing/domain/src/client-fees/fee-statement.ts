import type { Cents, LocalDate, PersonRef } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';
import { byVisitOrder, type ClientFeeEvent } from './client-fee-decider';

export interface FeeCorrectionLine {
  kind: 'refund' | 'further-charge';
  /** Negative for a refund. */
  amountCents: Cents;
  countsTowardCap: boolean;
  /** The late-reported visit that moved this one in date order. */
  causedByVisitId: string;
}

export interface FeeStatementLine {
  date: LocalDate;
  serviceType: ServiceType;
  visitId: string;
  /** Whose visit it was; on a guardian's statement also their minors'. */
  personRef: PersonRef;
  /** The account the fee was counted in (the guardian's for a minor). */
  accountRef: PersonRef;
  listPriceCents: Cents;
  /** What was charged when the visit was reported. */
  chargedCents: Cents;
  /** Every invoice must say whether the fee counts toward the cap (client-fees act 2 a § 7). */
  countsTowardCap: boolean;
  /** Every correction of this visit's charge, in the order they were made. */
  corrections: FeeCorrectionLine[];
  /** What the visit costs after its corrections. */
  netChargedCents: Cents;
  /** Set when the visit left this account for another (where it has a line of its own). */
  movedToAccountRef?: PersonRef;
}

/** A statement's visit lines, in date order (visits of one date in report order). */
export function statementLines(events: readonly ClientFeeEvent[]): FeeStatementLine[] {
  const lines = new Map<string, FeeStatementLine & { seq: number }>();
  for (const e of events) {
    if (e.type === 'ClientFeeCharged') {
      const d = e.data;
      lines.set(`${d.accountRef ?? d.personRef}|${d.visitId}`, {
        date: d.date,
        serviceType: d.serviceType,
        visitId: d.visitId,
        personRef: d.personRef,
        accountRef: d.accountRef ?? d.personRef,
        listPriceCents: d.listPriceCents,
        chargedCents: d.chargedCents,
        countsTowardCap: d.countsTowardCap,
        corrections: [],
        netChargedCents: d.chargedCents,
        seq: lines.size,
      });
    } else if (e.type === 'ClientFeeCorrected') {
      const line = lines.get(`${e.data.accountRef}|${e.data.visitId}`);
      if (!line) continue;
      if (e.data.movedToAccountRef !== undefined) line.movedToAccountRef = e.data.movedToAccountRef;
      line.corrections.push({
        kind: e.data.kind,
        amountCents: e.data.amountCents,
        countsTowardCap: e.data.countsTowardCap,
        causedByVisitId: e.data.causedByVisitId,
      });
      line.netChargedCents = e.data.netChargedCents;
    }
  }
  return [...lines.values()].sort(byVisitOrder).map(({ seq: _seq, ...line }) => line);
}

/**
 * The statement of one fee account (one holder, one year), in the shape billing's HTTP API answers
 * with: every visit in date order, what was charged, every correction, and what counted toward the
 * cap. capCents is known only once the cap is reached.
 */
export function feeStatement(events: readonly ClientFeeEvent[]) {
  const lines = statementLines(events);
  // The latest word on the cap: reached (perhaps on another date since), or reopened by a visit that left.
  const last = events.filter((e) => e.type === 'FeeCapReached' || e.type === 'FeeCapReopened').at(-1);
  const cap = last?.type === 'FeeCapReached' ? last.data : null;
  return {
    lines,
    totalChargedCents: lines.reduce((a, l) => a + l.netChargedCents, 0),
    accumulatedTowardCapCents: lines.filter((l) => l.countsTowardCap).reduce((a, l) => a + l.netChargedCents, 0),
    capReachedOn: cap?.reachedOn ?? null,
    capCents: cap?.capCents ?? null,
  };
}
