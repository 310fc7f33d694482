import { assertNever, DomainError, LocalDate, type Cents, type Decider, type PersonRef } from '@luotsi/kernel';
import type { ServiceType } from '../vocabulary';
import { FEE_CAP_BY_YEAR } from '../rates/rate-tables';
import { chargeVisit, initialFeeCapState } from './fee-cap';

/**
 * A fee account: the client fees counted toward one cap (maksukatto, 734/1992 6 a §) in one
 * calendar year. The account belongs to its holder; a minor's fees join the account of the guardian
 * they are counted with (ADR 0012), so one account holds the visits of a family. Every charge and
 * every correction says whether it counts toward the cap (every invoice must say so).
 *
 * The cap runs in visit (date) order, not report order: each new visit is placed among the ones
 * already charged by its date, the whole year is folded again, and whatever was charged in the wrong
 * order is put right by correction lines, each naming the visit it corrects and the visit whose
 * report caused it.
 */
export type ClientFeeCharged = {
  type: 'ClientFeeCharged';
  data: {
    /** Whose visit it was (a guardian's account also holds their minors' visits). */
    personRef: PersonRef;
    year: number;
    visitId: string;
    date: LocalDate;
    serviceType: ServiceType;
    listPriceCents: Cents;
    chargedCents: Cents;
    countsTowardCap: boolean;
    /** The account's counted total after this visit, in date order. */
    accumulatedCents: Cents;
    /** The account the fee was counted in; absent on events written before accounts (the visit's own person). */
    accountRef?: PersonRef;
    /** The cap of the visit's year from the rate table in force on its date; absent on old events. */
    capCents?: Cents;
  };
};

/** A charge put right once the visits are in date order: a refund (negative) or a further charge. */
export type ClientFeeCorrected = {
  type: 'ClientFeeCorrected';
  data: {
    personRef: PersonRef;
    accountRef: PersonRef;
    year: number;
    /** The visit whose charge this corrects. */
    visitId: string;
    date: LocalDate;
    serviceType: ServiceType;
    kind: 'refund' | 'further-charge';
    /** Negative for a refund. */
    amountCents: Cents;
    /** What the visit owes in date order, after this correction. */
    netChargedCents: Cents;
    countsTowardCap: boolean;
    /** The visit (reported late, or moved to another account) that put this one in another place in date order. */
    causedByVisitId: string;
    /**
     * Set when the visit itself leaves this account for another (a guardianship billing learned of
     * after the visit was charged): this line refunds all it was charged here, and the visit is
     * charged again in the account named.
     */
    movedToAccountRef?: PersonRef;
  };
};

/** A visit left the account and the counted total fell below the cap again (the crossing is gone). */
export type FeeCapReopened = {
  type: 'FeeCapReopened';
  data: { personRef: PersonRef; year: number; previouslyReachedOn: LocalDate; causedByVisitId: string };
};

export type FeeCapReached = {
  type: 'FeeCapReached';
  data: {
    personRef: PersonRef;
    year: number;
    reachedOn: LocalDate;
    capCents: Cents;
    /** The visit that crossed the cap in date order; absent on old events. */
    crossingVisitId?: string;
    /** Set when a late visit moved the crossing: the date it was reported for before. */
    correctsReachedOn?: LocalDate;
  };
};

export type ClientFeeEvent = ClientFeeCharged | ClientFeeCorrected | FeeCapReached | FeeCapReopened;

export type ClientFeeCommand = ChargeVisitCommand | MoveVisitCommand;

/**
 * Takes a visit out of an account because it belongs to another (the service charges it there
 * next): the visit is refunded here and the rest of the year folded again without it, which can
 * make later visits owe more (further charges).
 */
export type MoveVisitCommand = {
  type: 'MoveVisit';
  accountRef: PersonRef;
  year: number;
  visitId: string;
  toAccountRef: PersonRef;
};

export type ChargeVisitCommand = {
  type: 'ChargeVisit';
  personRef: PersonRef;
  /** The holder of the account the fee is counted in (the guardian for a minor); default personRef. */
  accountRef?: PersonRef;
  visitId: string;
  date: LocalDate;
  serviceType: ServiceType;
  feeCents: Cents;
  countsTowardCap: boolean;
  capCents: Cents;
  /** A missed appointment is not a visit: no fee here (a separate no-show fee is out of scope). */
  noShow: boolean;
};

/** One visit of an account as the fold sees it, with what it has been charged so far (net). */
export interface AccountVisit {
  visitId: string;
  personRef: PersonRef;
  date: LocalDate;
  serviceType: ServiceType;
  listPriceCents: Cents;
  countsTowardCap: boolean;
  capCents: Cents;
  /** Report order within the account: breaks ties between visits of one date. */
  seq: number;
  netChargedCents: Cents;
}

export interface ClientFeeState {
  year: number | null;
  accountRef: PersonRef | null;
  accumulated: Cents;
  capReachedOn: LocalDate | null;
  visits: Map<string, AccountVisit>;
}

const initialState = (): ClientFeeState => ({ year: null, accountRef: null, accumulated: 0, capReachedOn: null, visits: new Map() });

/** Date order; visits of one date in the order they were reported. */
export const byVisitOrder = (a: Pick<AccountVisit, 'date' | 'seq'>, b: Pick<AccountVisit, 'date' | 'seq'>): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq;

export interface DueInDateOrder {
  /** visitId → what the visit owes and the counted total after it, in date order. */
  due: Map<string, { dueCents: Cents; accumulatedCents: Cents }>;
  accumulatedCents: Cents;
  /** The visit whose counted fee first brings the total to the cap, in date order. */
  crossing: { visitId: string; date: LocalDate; capCents: Cents } | null;
}

/** What every visit of an account owes when the year is folded in date order (pure; the yearly run uses it too). */
export function dueInDateOrder(visits: Iterable<AccountVisit>): DueInDateOrder {
  const ordered = [...visits].sort(byVisitOrder);
  let state = initialFeeCapState();
  const due = new Map<string, { dueCents: Cents; accumulatedCents: Cents }>();
  let crossing: DueInDateOrder['crossing'] = null;
  for (const v of ordered) {
    const before = state.capReached;
    const r = chargeVisit(state, {
      visitId: v.visitId,
      date: v.date,
      serviceType: v.serviceType,
      feeCents: v.listPriceCents,
      countsTowardCap: v.countsTowardCap,
      cap: v.capCents,
    });
    state = r.state;
    due.set(v.visitId, { dueCents: r.charged, accumulatedCents: state.accumulatedCents });
    if (v.countsTowardCap && !before && r.capReached && crossing === null)
      crossing = { visitId: v.visitId, date: v.date, capCents: v.capCents };
  }
  return { due, accumulatedCents: state.accumulatedCents, crossing };
}

/**
 * Charges one visit against its account. The same visit again appends nothing (a re-sent report
 * row must not charge twice), and a no-show is not a visit. A visit dated before visits already
 * charged takes its place in date order: it is charged what it owes there, and each later visit
 * whose charge changes gets a correction line.
 */
function decide(c: ClientFeeCommand, s: ClientFeeState): ClientFeeEvent[] {
  switch (c.type) {
    case 'ChargeVisit':
      return charge(c, s);
    case 'MoveVisit':
      return move(c, s);
    default:
      return assertNever(c);
  }
}

/** Corrections for every visit whose charge the new fold changes, in date order, and the crossing if it moved. */
function refold(
  s: ClientFeeState,
  visits: Map<string, AccountVisit>,
  accountRef: PersonRef,
  year: number,
  causedByVisitId: string,
): ClientFeeEvent[] {
  const { due, crossing } = dueInDateOrder(visits.values());
  const events: ClientFeeEvent[] = [];
  for (const v of [...visits.values()].sort(byVisitOrder)) {
    if (!s.visits.has(v.visitId)) continue;
    const owes = due.get(v.visitId)!.dueCents;
    if (owes === v.netChargedCents) continue;
    const amount = owes - v.netChargedCents;
    events.push({
      type: 'ClientFeeCorrected',
      data: {
        personRef: v.personRef,
        accountRef,
        year,
        visitId: v.visitId,
        date: v.date,
        serviceType: v.serviceType,
        kind: amount < 0 ? 'refund' : 'further-charge',
        amountCents: amount,
        netChargedCents: owes,
        countsTowardCap: v.countsTowardCap,
        causedByVisitId,
      },
    });
  }
  // Reported once per crossing: again only when it moves to another visit's date, or is gone.
  if (crossing && crossing.date !== s.capReachedOn) {
    events.push({
      type: 'FeeCapReached',
      data: {
        personRef: accountRef,
        year,
        reachedOn: crossing.date,
        capCents: crossing.capCents,
        crossingVisitId: crossing.visitId,
        ...(s.capReachedOn !== null ? { correctsReachedOn: s.capReachedOn } : {}),
      },
    });
  } else if (!crossing && s.capReachedOn !== null) {
    events.push({ type: 'FeeCapReopened', data: { personRef: accountRef, year, previouslyReachedOn: s.capReachedOn, causedByVisitId } });
  }
  return events;
}

function move(c: MoveVisitCommand, s: ClientFeeState): ClientFeeEvent[] {
  const v = s.visits.get(c.visitId);
  if (!v || c.toAccountRef === c.accountRef) return [];
  const remaining = new Map(s.visits);
  remaining.delete(c.visitId);
  const out: ClientFeeEvent = {
    type: 'ClientFeeCorrected',
    data: {
      personRef: v.personRef,
      accountRef: c.accountRef,
      year: c.year,
      visitId: v.visitId,
      date: v.date,
      serviceType: v.serviceType,
      kind: 'refund',
      amountCents: -v.netChargedCents,
      netChargedCents: 0,
      countsTowardCap: v.countsTowardCap,
      causedByVisitId: v.visitId,
      movedToAccountRef: c.toAccountRef,
    },
  };
  return [out, ...refold(s, remaining, c.accountRef, c.year, v.visitId)];
}

function charge(c: ChargeVisitCommand, s: ClientFeeState): ClientFeeEvent[] {
  const year = LocalDate.parts(LocalDate.parse(c.date)).year;
  const accountRef = c.accountRef ?? c.personRef;
  // One stream per account and year (clientFeeStream), so a visit of another year belongs elsewhere.
  if (s.year !== null && s.year !== year)
    throw new DomainError('WRONG_FEE_YEAR', `this fee account is for ${s.year}`, { year: s.year, date: c.date }, 'rule');
  if (s.accountRef !== null && s.accountRef !== accountRef)
    throw new DomainError('WRONG_FEE_ACCOUNT', 'this fee account belongs to another holder', { year }, 'conflict');
  if (c.noShow || s.visits.has(c.visitId)) return [];
  const visit: AccountVisit = {
    visitId: c.visitId,
    personRef: c.personRef,
    date: c.date,
    serviceType: c.serviceType,
    listPriceCents: c.feeCents,
    countsTowardCap: c.countsTowardCap,
    capCents: c.capCents,
    seq: s.visits.size,
    netChargedCents: 0,
  };
  const all = new Map(s.visits).set(visit.visitId, visit);
  const own = dueInDateOrder(all.values()).due.get(visit.visitId)!;
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
        chargedCents: own.dueCents,
        countsTowardCap: c.countsTowardCap,
        accumulatedCents: own.accumulatedCents,
        accountRef,
        capCents: c.capCents,
      },
    },
  ];
  // Corrections in date order, so the statement reads from the top.
  events.push(...refold(s, all, accountRef, year, c.visitId));
  return events;
}

function evolve(s: ClientFeeState, e: ClientFeeEvent): ClientFeeState {
  switch (e.type) {
    case 'ClientFeeCharged': {
      const d = e.data;
      const visits = new Map(s.visits).set(d.visitId, {
        visitId: d.visitId,
        personRef: d.personRef,
        date: d.date,
        serviceType: d.serviceType,
        listPriceCents: d.listPriceCents,
        countsTowardCap: d.countsTowardCap,
        // Events from before accounts carry no cap: the statutory cap of the year was the one charged.
        capCents: d.capCents ?? FEE_CAP_BY_YEAR[d.year] ?? Number.MAX_SAFE_INTEGER,
        seq: s.visits.size,
        netChargedCents: d.chargedCents,
      });
      return { ...s, year: d.year, accountRef: d.accountRef ?? d.personRef, accumulated: d.accumulatedCents, visits };
    }
    case 'ClientFeeCorrected': {
      const v = s.visits.get(e.data.visitId);
      if (!v) return s;
      const visits = new Map(s.visits);
      if (e.data.movedToAccountRef !== undefined) visits.delete(v.visitId);
      else visits.set(v.visitId, { ...v, netChargedCents: e.data.netChargedCents });
      return { ...s, visits };
    }
    case 'FeeCapReached':
      return { ...s, capReachedOn: e.data.reachedOn };
    case 'FeeCapReopened':
      return { ...s, capReachedOn: null };
    default:
      return assertNever(e);
  }
}

export const clientFeeDecider: Decider<ClientFeeCommand, ClientFeeEvent, ClientFeeState> = { decide, evolve, initialState };

/**
 * One stream per account holder and calendar year. The category is the text before the first dash
 * (ARCHITECTURE.md: streams are `<category>-<id>`), hence `clientfees-…` rather than `client-fees-…`.
 */
export const clientFeeStream = (accountRef: string, year: number): string => `clientfees-${accountRef}-${year}`;
