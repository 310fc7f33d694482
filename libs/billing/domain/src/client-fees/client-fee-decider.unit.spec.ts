import { PersonRef } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { d } from '../testing-fixtures';
import { clientFeeDecider, clientFeeStream, type ClientFeeCommand, type ClientFeeEvent } from './client-fee-decider';
import { feeStatement } from './fee-statement';

const spec = deciderSpec(clientFeeDecider);
const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const visit = (visitId: string, date: string, feeCents: number, countsTowardCap = true, noShow = false): ClientFeeCommand => ({
  type: 'ChargeVisit',
  personRef: person,
  visitId,
  date: d(date),
  serviceType: countsTowardCap ? 'doctor-visit' : 'social-guidance-meeting',
  feeCents,
  countsTowardCap,
  capCents: 10_000,
  noShow,
});
/** Runs commands against one stream, as the service does per person and year. */
const run = (commands: ClientFeeCommand[]): ClientFeeEvent[] =>
  commands.reduce<ClientFeeEvent[]>((events, c) => [...events, ...spec.given(events).when(c).events()], []);

describe('the client-fee cap', () => {
  it('charges fees in full below the cap and accumulates them', () => {
    spec
      .given([])
      .when(visit('v1', '2026-02-01', 2_390))
      .then([
        {
          type: 'ClientFeeCharged',
          data: {
            personRef: person,
            year: 2026,
            visitId: 'v1',
            date: d('2026-02-01'),
            serviceType: 'doctor-visit',
            listPriceCents: 2_390,
            chargedCents: 2_390,
            countsTowardCap: true,
            accumulatedCents: 2_390,
            accountRef: person,
            capCents: 10_000,
          },
        },
      ]);
  });

  it('charges the visit that crosses the cap only up to it, once reports the cap, then charges nothing', () => {
    const events = run([
      visit('v1', '2026-02-01', 4_000),
      visit('v2', '2026-03-01', 4_000),
      visit('v3', '2026-04-01', 4_000),
      visit('v4', '2026-05-01', 4_000),
    ]);
    const charged = events.flatMap((e) => (e.type === 'ClientFeeCharged' ? [e.data.chargedCents] : []));
    expect(charged).toEqual([4_000, 4_000, 2_000, 0]);
    expect(events.filter((e) => e.type === 'FeeCapReached')).toEqual([
      {
        type: 'FeeCapReached',
        data: { personRef: person, year: 2026, reachedOn: d('2026-04-01'), capCents: 10_000, crossingVisitId: 'v3' },
      },
    ]);
  });

  it('charges fees that do not count toward the cap in full, also after it, without accumulating', () => {
    const events = run([visit('v1', '2026-02-01', 12_000), visit('s1', '2026-03-01', 1_500, false)]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({
      type: 'ClientFeeCharged',
      data: { chargedCents: 1_500, countsTowardCap: false, accumulatedCents: 10_000 },
    });
  });

  it('is idempotent per visit and charges no-shows nothing', () => {
    const events = run([visit('v1', '2026-02-01', 2_000)]);
    spec
      .given(events)
      .when(visit('v1', '2026-02-01', 2_000))
      .then([]);
    spec
      .given(events)
      .when(visit('v2', '2026-02-02', 2_000, true, true))
      .then([]);
  });

  it('runs per calendar year: 31 December counts to the old year, 1 January starts at zero', () => {
    const old = run([visit('v1', '2026-06-01', 9_000), visit('v2', '2026-12-31', 2_000)]);
    expect(old.map((e) => e.type)).toEqual(['ClientFeeCharged', 'ClientFeeCharged', 'FeeCapReached']);
    spec
      .given(old)
      .when(visit('v3', '2027-01-01', 2_000))
      .thenFails('WRONG_FEE_YEAR', { year: 2026 });
    const fresh = spec
      .given([])
      .when(visit('v3', '2027-01-01', 2_000))
      .events();
    expect(fresh[0]).toMatchObject({ data: { year: 2027, chargedCents: 2_000, accumulatedCents: 2_000 } });
  });

  it('gives a statement per person per year', () => {
    const statement = feeStatement(
      run([visit('v1', '2026-02-01', 6_000), visit('v2', '2026-03-01', 6_000), visit('s1', '2026-03-02', 500, false)]),
    );
    expect(statement).toMatchObject({
      totalChargedCents: 10_500,
      accumulatedTowardCapCents: 10_000,
      capReachedOn: '2026-03-01',
      capCents: 10_000,
    });
    expect(statement.lines.map((l) => [l.visitId, l.chargedCents, l.countsTowardCap])).toEqual([
      ['v1', 6_000, true],
      ['v2', 4_000, true],
      ['s1', 500, false],
    ]);
  });
});

describe('the client-fee stream', () => {
  it('names one stream per person and year with the category before the first dash', () => {
    const anna = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
    expect(clientFeeStream(anna, 2026)).toBe(`clientfees-${anna}-2026`);
  });
});
