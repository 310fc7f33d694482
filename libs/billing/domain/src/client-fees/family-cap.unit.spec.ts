import { PersonRef, type LocalDate } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { d } from '../testing-fixtures';
import { clientFeeDecider, clientFeeStream, type ClientFeeCommand, type ClientFeeEvent } from './client-fee-decider';
import { accountToMoveTo, feeAccountOf, isMinorOn, type ObservedGuardianship } from './fee-account';
import { feeStatement } from './fee-statement';
import { accountYear, type FeeLedgerLine } from './yearly-run';

/** The statutory cap of 2026 (€815.00), as the rate tables carry it. */
const CAP = 81_500;
const spec = deciderSpec(clientFeeDecider);
const ref = (n: number) => PersonRef.fromUuid(`0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e${String(n).padStart(2, '0')}`);
const GUARDIAN = ref(1);
const SECOND_GUARDIAN = ref(2);
const CHILD_A = ref(3);
/** Turns 18 on 15 June 2026. */
const CHILD_B = ref(4);

const guardianship = (childRef: PersonRef, guardianRef: PersonRef, seq: number, over: Partial<ObservedGuardianship> = {}) =>
  ({
    childRef,
    guardianRef,
    from: d('2010-01-01'),
    to: null,
    childAdultOn: d('2030-09-01'),
    feesJoin: guardianRef === GUARDIAN,
    seq,
    ...over,
  }) satisfies ObservedGuardianship;
const FAMILY: ObservedGuardianship[] = [
  guardianship(CHILD_A, GUARDIAN, 1),
  guardianship(CHILD_A, SECOND_GUARDIAN, 2),
  guardianship(CHILD_B, GUARDIAN, 3, { childAdultOn: d('2026-06-15') }),
  guardianship(CHILD_B, SECOND_GUARDIAN, 4, { childAdultOn: d('2026-06-15') }),
];

/**
 * The service's routing, in memory: each visit goes to the account feeAccountOf names, and each
 * account is its own stream, as `clientfees-<holder>-<year>`.
 */
function ledger() {
  const streams = new Map<string, ClientFeeEvent[]>();
  const charge = (visitId: string, personRef: PersonRef, date: string, feeCents: number, countsTowardCap = true) => {
    const accountRef = feeAccountOf(personRef, date as LocalDate, FAMILY);
    const command: ClientFeeCommand = {
      type: 'ChargeVisit',
      personRef,
      accountRef,
      visitId,
      date: d(date),
      serviceType: countsTowardCap ? 'doctor-visit' : 'social-guidance-meeting',
      feeCents,
      countsTowardCap,
      capCents: CAP,
      noShow: false,
    };
    const stream = clientFeeStream(accountRef, 2026);
    const given = streams.get(stream) ?? [];
    const events = spec.given(given).when(command).events();
    streams.set(stream, [...given, ...events]);
    return events;
  };
  const charged = (events: ClientFeeEvent[]) => events.flatMap((e) => (e.type === 'ClientFeeCharged' ? [e.data.chargedCents] : []))[0];
  return { charge, charged, account: (holder: PersonRef) => streams.get(clientFeeStream(holder, 2026)) ?? [] };
}

describe("a minor's fees toward a guardian's cap (734/1992 6 a §)", () => {
  it("crosses the cap on a child's visit with the family's combined fees, and then holds it for all three", () => {
    const { charge, charged, account } = ledger();
    expect(charged(charge('g-1', GUARDIAN, '2026-01-10', 30_000))).toBe(30_000);
    expect(charged(charge('a-1', CHILD_A, '2026-02-05', 30_000))).toBe(30_000);
    // 60 000 counted; the room left is 21 500 and the younger child's visit crosses the cap.
    const crossing = charge('b-1', CHILD_B, '2026-03-03', 30_000);
    expect(charged(crossing)).toBe(21_500);
    expect(crossing).toContainEqual({
      type: 'FeeCapReached',
      data: { personRef: GUARDIAN, year: 2026, reachedOn: '2026-03-03', capCents: CAP, crossingVisitId: 'b-1' },
    });
    // Free for the rest of the year for the guardian and each minor counted with them…
    expect(charged(charge('g-2', GUARDIAN, '2026-04-01', 2_390))).toBe(0);
    expect(charged(charge('a-2', CHILD_A, '2026-04-02', 2_390))).toBe(0);
    expect(charged(charge('b-2', CHILD_B, '2026-05-20', 2_390))).toBe(0);
    // …except fees that do not count, which are charged in full and say so.
    const guidance = charge('a-3', CHILD_A, '2026-04-03', 1_500, false);
    expect(guidance[0]).toMatchObject({ data: { chargedCents: 1_500, countsTowardCap: false, accountRef: GUARDIAN } });
    const statement = feeStatement(account(GUARDIAN));
    expect(statement.lines.map((l) => [l.visitId, l.personRef, l.netChargedCents])).toEqual([
      ['g-1', GUARDIAN, 30_000],
      ['a-1', CHILD_A, 30_000],
      ['b-1', CHILD_B, 21_500],
      ['g-2', GUARDIAN, 0],
      ['a-2', CHILD_A, 0],
      ['a-3', CHILD_A, 1_500],
      ['b-2', CHILD_B, 0],
    ]);
    expect(statement).toMatchObject({ accumulatedTowardCapCents: CAP, totalChargedCents: CAP + 1_500, capReachedOn: '2026-03-03' });
    // The children have no accounts of their own while they are minors.
    expect(account(CHILD_A)).toEqual([]);
  });

  it("keeps a second guardian's own fees separate from the family's total", () => {
    const { charge, charged, account } = ledger();
    charge('g-1', GUARDIAN, '2026-01-10', 60_000);
    charge('a-1', CHILD_A, '2026-02-05', 30_000);
    expect(feeStatement(account(GUARDIAN)).capReachedOn).toBe('2026-02-05');
    // The children's fees join the guardian they were recorded to join, not the second one.
    expect(feeAccountOf(CHILD_A, d('2026-02-05'), FAMILY)).toBe(GUARDIAN);
    expect(charged(charge('h-1', SECOND_GUARDIAN, '2026-03-01', 30_000))).toBe(30_000);
    expect(charged(charge('h-2', SECOND_GUARDIAN, '2026-03-02', 30_000))).toBe(30_000);
    expect(feeStatement(account(SECOND_GUARDIAN))).toMatchObject({ accumulatedTowardCapCents: 60_000, capReachedOn: null });
  });

  it('falls back to the other guardian when the chosen guardianship has ended', () => {
    const ended = [guardianship(CHILD_A, GUARDIAN, 1, { to: d('2026-03-31') }), guardianship(CHILD_A, SECOND_GUARDIAN, 2)];
    expect(feeAccountOf(CHILD_A, d('2026-03-31'), ended)).toBe(GUARDIAN);
    expect(feeAccountOf(CHILD_A, d('2026-04-01'), ended)).toBe(SECOND_GUARDIAN);
    expect(feeAccountOf(CHILD_A, d('2009-12-31'), ended)).toBe(CHILD_A);
  });

  it('counts a child turning 18 in June with the guardian until the day before the birthday, and on their own from it (ADR 0012)', () => {
    const { charge, charged, account } = ledger();
    charge('g-1', GUARDIAN, '2026-01-10', 81_500);
    expect(feeStatement(account(GUARDIAN)).capReachedOn).toBe('2026-01-10');
    expect(isMinorOn(FAMILY[2]!, d('2026-06-14'))).toBe(true);
    expect(isMinorOn(FAMILY[2]!, d('2026-06-15'))).toBe(false);
    // The day before the 18th birthday: a minor counted with the guardian, whose cap is reached.
    const before = charge('b-1', CHILD_B, '2026-06-14', 2_390);
    expect(before[0]).toMatchObject({ data: { personRef: CHILD_B, accountRef: GUARDIAN, chargedCents: 0 } });
    // From the birthday: their own account, from zero for the rest of the year.
    const on = charge('b-2', CHILD_B, '2026-06-15', 2_390);
    expect(on[0]).toMatchObject({ data: { personRef: CHILD_B, accountRef: CHILD_B, chargedCents: 2_390, accumulatedCents: 2_390 } });
    expect(charged(charge('b-3', CHILD_B, '2026-12-31', 2_390))).toBe(2_390);
    expect(feeStatement(account(CHILD_B))).toMatchObject({ accumulatedTowardCapCents: 4_780, capReachedOn: null });
  });
});

describe('the cap in visit (date) order, not report order', () => {
  it('places a visit reported in March but dated in January before February’s crossing, and corrects what was charged', () => {
    const { charge, account } = ledger();
    // Reported as they happened: January 30 000, February 40 000 and 30 000 (the crossing), March.
    charge('jan-10', GUARDIAN, '2026-01-10', 30_000);
    charge('feb-10', GUARDIAN, '2026-02-10', 40_000);
    const feb20 = charge('feb-20', GUARDIAN, '2026-02-20', 30_000);
    expect(feb20[0]).toMatchObject({ data: { chargedCents: 11_500, accumulatedCents: CAP } });
    charge('mar-05', GUARDIAN, '2026-03-05', 20_000);
    // In March a visit of 20 January (25 000) is reported. By hand, in date order:
    //   10 Jan 30 000 → 30 000 counted; 20 Jan 25 000 → 55 000; 10 Feb: room 26 500 of 40 000 →
    //   81 500, the cap is crossed here; 20 Feb: 0 (was 11 500); 5 Mar: 0 (was 0).
    // So: the late visit is charged 25 000, 10 Feb is refunded 13 500 and 20 Feb 11 500.
    const late = charge('jan-20', GUARDIAN, '2026-01-20', 25_000);
    expect(late).toEqual([
      {
        type: 'ClientFeeCharged',
        data: {
          personRef: GUARDIAN,
          accountRef: GUARDIAN,
          year: 2026,
          visitId: 'jan-20',
          date: '2026-01-20',
          serviceType: 'doctor-visit',
          listPriceCents: 25_000,
          chargedCents: 25_000,
          countsTowardCap: true,
          accumulatedCents: 55_000,
          capCents: CAP,
        },
      },
      {
        type: 'ClientFeeCorrected',
        data: {
          personRef: GUARDIAN,
          accountRef: GUARDIAN,
          year: 2026,
          visitId: 'feb-10',
          date: '2026-02-10',
          serviceType: 'doctor-visit',
          kind: 'refund',
          amountCents: -13_500,
          netChargedCents: 26_500,
          countsTowardCap: true,
          causedByVisitId: 'jan-20',
        },
      },
      {
        type: 'ClientFeeCorrected',
        data: {
          personRef: GUARDIAN,
          accountRef: GUARDIAN,
          year: 2026,
          visitId: 'feb-20',
          date: '2026-02-20',
          serviceType: 'doctor-visit',
          kind: 'refund',
          amountCents: -11_500,
          netChargedCents: 0,
          countsTowardCap: true,
          causedByVisitId: 'jan-20',
        },
      },
      {
        type: 'FeeCapReached',
        data: {
          personRef: GUARDIAN,
          year: 2026,
          reachedOn: '2026-02-10',
          capCents: CAP,
          crossingVisitId: 'feb-10',
          correctsReachedOn: '2026-02-20',
        },
      },
    ]);
    const statement = feeStatement(account(GUARDIAN));
    expect(statement.lines.map((l) => [l.visitId, l.chargedCents, l.corrections.map((c) => c.amountCents), l.netChargedCents])).toEqual([
      ['jan-10', 30_000, [], 30_000],
      ['jan-20', 25_000, [], 25_000],
      ['feb-10', 40_000, [-13_500], 26_500],
      ['feb-20', 11_500, [-11_500], 0],
      ['mar-05', 0, [], 0],
    ]);
    expect(statement).toMatchObject({ totalChargedCents: CAP, accumulatedTowardCapCents: CAP, capReachedOn: '2026-02-10' });
  });

  it('corrects nothing when a late visit changes no charge, and never corrects fees that do not count', () => {
    const { charge } = ledger();
    charge('feb-01', GUARDIAN, '2026-02-01', 10_000);
    charge('feb-02', GUARDIAN, '2026-02-02', 1_500, false);
    const late = charge('jan-01', GUARDIAN, '2026-01-01', 10_000);
    expect(late.map((e) => e.type)).toEqual(['ClientFeeCharged']);
    expect(late[0]).toMatchObject({ data: { accumulatedCents: 10_000 } });
  });

  it('is idempotent for a late visit reported again', () => {
    const { charge } = ledger();
    charge('feb-10', GUARDIAN, '2026-02-10', 81_500);
    expect(charge('jan-10', GUARDIAN, '2026-01-10', 1_000).map((e) => e.type)).toEqual(['ClientFeeCharged', 'ClientFeeCorrected']);
    expect(charge('jan-10', GUARDIAN, '2026-01-10', 1_000)).toEqual([]);
  });
});

describe('a visit moved to another account', () => {
  it('refunds it where it was, further-charges the visits that owe more without it, and reopens a cap it no longer reaches', () => {
    const { charge, account } = ledger();
    // The child's visit was counted with the guardian, then the register ends that guardianship before it.
    charge('a-0110', CHILD_A, '2026-01-10', 50_000);
    charge('g-0210', GUARDIAN, '2026-02-10', 50_000);
    expect(feeStatement(account(GUARDIAN)).capReachedOn).toBe('2026-02-10');
    // By hand: without the child's 50 000 the guardian's own visit owes its full 50 000 (it was
    // charged 31 500): a further charge of 18 500, and 50 000 is below the cap, which reopens.
    const moved = spec
      .given(account(GUARDIAN))
      .when({ type: 'MoveVisit', accountRef: GUARDIAN, year: 2026, visitId: 'a-0110', toAccountRef: SECOND_GUARDIAN })
      .events();
    expect(moved).toEqual([
      {
        type: 'ClientFeeCorrected',
        data: {
          personRef: CHILD_A,
          accountRef: GUARDIAN,
          year: 2026,
          visitId: 'a-0110',
          date: '2026-01-10',
          serviceType: 'doctor-visit',
          kind: 'refund',
          amountCents: -50_000,
          netChargedCents: 0,
          countsTowardCap: true,
          causedByVisitId: 'a-0110',
          movedToAccountRef: SECOND_GUARDIAN,
        },
      },
      {
        type: 'ClientFeeCorrected',
        data: {
          personRef: GUARDIAN,
          accountRef: GUARDIAN,
          year: 2026,
          visitId: 'g-0210',
          date: '2026-02-10',
          serviceType: 'doctor-visit',
          kind: 'further-charge',
          amountCents: 18_500,
          netChargedCents: 50_000,
          countsTowardCap: true,
          causedByVisitId: 'a-0110',
        },
      },
      { type: 'FeeCapReopened', data: { personRef: GUARDIAN, year: 2026, previouslyReachedOn: '2026-02-10', causedByVisitId: 'a-0110' } },
    ]);
    const after = [...account(GUARDIAN), ...moved];
    spec
      .given(after)
      .when({ type: 'MoveVisit', accountRef: GUARDIAN, year: 2026, visitId: 'a-0110', toAccountRef: SECOND_GUARDIAN })
      .then([]);
    const statement = feeStatement(after);
    expect(statement.lines.map((l) => [l.visitId, l.netChargedCents, l.movedToAccountRef ?? null])).toEqual([
      ['a-0110', 0, SECOND_GUARDIAN],
      ['g-0210', 50_000, null],
    ]);
    expect(statement).toMatchObject({ totalChargedCents: 50_000, capReachedOn: null });
    expect(accountYear(2026, [])).toMatchObject({ visits: 0, mismatches: [] });
  });

  it('moves a visit only where it no longer belongs', () => {
    const ended = [guardianship(CHILD_A, GUARDIAN, 1, { to: d('2026-01-31') }), guardianship(CHILD_A, SECOND_GUARDIAN, 2)];
    const at = (accountRef: PersonRef, date: string) => accountToMoveTo({ personRef: CHILD_A, accountRef, date: d(date) }, ended);
    expect(at(GUARDIAN, '2026-01-31')).toBeNull();
    expect(at(GUARDIAN, '2026-02-01')).toBe(SECOND_GUARDIAN);
    expect(at(CHILD_A, '2026-01-15')).toBe(GUARDIAN);
    // A change of which guardian the fees join leaves visits with a guardian who still covers them.
    const switched = [
      guardianship(CHILD_A, GUARDIAN, 1, { feesJoin: false }),
      guardianship(CHILD_A, SECOND_GUARDIAN, 2, { feesJoin: true }),
    ];
    expect(accountToMoveTo({ personRef: CHILD_A, accountRef: GUARDIAN, date: d('2026-03-01') }, switched)).toBeNull();
  });
});

describe('the yearly run of an account', () => {
  const line = (
    visitId: string,
    date: string,
    amountCents: number,
    kind: FeeLedgerLine['kind'] = 'charge',
    listPriceCents = amountCents,
  ) => ({
    kind,
    personRef: GUARDIAN,
    visitId,
    date: d(date),
    serviceType: 'doctor-visit',
    listPriceCents,
    amountCents,
    countsTowardCap: true,
    capCents: CAP,
    movedToAccountRef: null,
  });

  it('agrees with a ledger whose corrections put report order right, and finds one left in report order', () => {
    const charged = [line('feb-10', '2026-02-10', 81_500), line('jan-10', '2026-01-10', 1_000)];
    expect(accountYear(2026, charged)).toMatchObject({ visits: 2, chargedCents: 82_500, mismatches: ['feb-10'] });
    const corrected = [...charged, line('feb-10', '2026-02-10', -1_000, 'refund', 81_500)];
    expect(accountYear(2026, corrected)).toEqual({
      visits: 2,
      corrections: 1,
      chargedCents: CAP,
      countedCents: CAP,
      capReachedOn: '2026-02-10',
      mismatches: [],
    });
  });
});
