import { PersonRef } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { d } from '../testing-fixtures';
import { clientFeeDecider, clientFeeStream, type ClientFeeCommand, type ClientFeeEvent } from './client-fee-decider';
import { statement } from './fee-statement';

const spec = deciderSpec(clientFeeDecider);
const anna = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const ben = PersonRef.fromUuid('1b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const charge = (personRef: PersonRef, visitId: string, date: string, feeCents: number, countsTowardCap = true): ClientFeeCommand => ({
  type: 'ChargeVisit', personRef, visitId, date: d(date), serviceType: countsTowardCap ? 'doctor-visit' : 'social-guidance-meeting', feeCents, countsTowardCap, capCents: 10_000, noShow: false,
});
/** Runs commands against one stream, as the service does per person and year. */
const run = (commands: ClientFeeCommand[]): ClientFeeEvent[] => commands.reduce<ClientFeeEvent[]>((events, c) => [...events, ...spec.given(events).when(c).events()], []);

describe('statement: client fees per person per year', () => {
  const annaOld = run([charge(anna, 'a1', '2026-03-01', 8_000), charge(anna, 'a2', '2026-12-31', 8_000), charge(anna, 'a3', '2026-12-31', 700, false)]);
  const annaNew = run([charge(anna, 'a4', '2027-01-01', 2_000)]);
  const benOld = run([charge(ben, 'b1', '2026-05-05', 1_000)]);

  it('gives one statement per person and year, sorted, with lines, totals, the cap and when it was reached', () => {
    const all = statement([...benOld, ...annaNew, ...annaOld], { capFor: (year) => (year === 2027 ? 12_000 : 10_000) });
    expect(all.map((s) => [s.personRef, s.year])).toEqual([[anna, 2026], [anna, 2027], [ben, 2026]]);
    expect(all[0]).toEqual({
      personRef: anna, year: 2026,
      lines: [
        { date: '2026-03-01', serviceType: 'doctor-visit', visitId: 'a1', listPriceCents: 8_000, chargedCents: 8_000, countsTowardCap: true },
        { date: '2026-12-31', serviceType: 'doctor-visit', visitId: 'a2', listPriceCents: 8_000, chargedCents: 2_000, countsTowardCap: true },
        { date: '2026-12-31', serviceType: 'social-guidance-meeting', visitId: 'a3', listPriceCents: 700, chargedCents: 700, countsTowardCap: false },
      ],
      totalChargedCents: 10_700, accumulatedTowardCapCents: 10_000, capCents: 10_000, capReachedOn: '2026-12-31',
    });
    expect(all[1]).toMatchObject({ totalChargedCents: 2_000, accumulatedTowardCapCents: 2_000, capCents: 12_000, capReachedOn: null });
    expect(all[2]).toMatchObject({ totalChargedCents: 1_000, capCents: 10_000, capReachedOn: null });
  });

  it('leaves the cap unknown when it was not reached and no capFor is given', () => {
    expect(statement(benOld)[0]).toMatchObject({ capCents: null, capReachedOn: null });
    expect(statement([])).toEqual([]);
  });

  it('names one stream per person and year with the category before the first dash', () => {
    expect(clientFeeStream(anna, 2026)).toBe(`clientfees-${anna}-2026`);
  });
});
