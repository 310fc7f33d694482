import { deciderSpec } from '@luotsi/kernel/testing';
import type { ContactEvent, Outcome } from '../contact/contact-events';
import { contactDecider } from '../contact/contact-decider';
import { AINO, EERO, answer, identified, received } from '../testing-fixtures';
import { LIVE_CHANNELS } from '../vocabulary';
import { addCounters, kpiDefinitions, kpiFigures, zeroCounters } from './kpi';
import { countEvents } from './kpi-deltas';

/*
 * Hand-computed figures. A Wednesday (10 March 2027) in Tampere's Finnish phone queue, Y = 20 s,
 * short abandons ≤ 5 s: ten calls, eight answered after 5, 10, 15, 20, 21, 30, 60 and 8 s (five
 * within 20 s), two abandoned after 3 s (short) and 40 s. Then two e-mails: Aino again about housing
 * three days later (a repeat of call 1, inside the 7-day window) and Eero again about debt nine days
 * after call 2 (outside the window: a first contact).
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const t0 = Date.parse('2027-03-10T07:00:00.000Z'); // 09:00 Helsinki
const at = (n: number, plus = 0) => new Date(t0 + n * 600_000 + plus * 1000).toISOString();
const WAITS = [5, 10, 15, 20, 21, 30, 60, 8];

function answered(n: number, wait: number, arrivedAt = at(n)): ContactEvent {
  return {
    type: 'ContactAnswered',
    data: {
      contactId: id(n),
      workerId: 'gunilla',
      answeredAt: arrivedAt,
      waitSeconds: wait,
      countedWaitSeconds: wait,
      serviceLevelSeconds: 20,
      withinServiceLevel: wait <= 20,
    },
  };
}
const closed = (n: number, outcome: Outcome, handlingSeconds: number): ContactEvent => ({
  type: 'ContactClosed',
  data: { contactId: id(n), outcome, closedAt: at(n, 900), handlingSeconds, closedBy: 'guidance:gunilla', segment: null },
});
const resolved: Outcome = { kind: 'resolved', adviceCategory: 'advice' };
const OUTCOMES: Outcome[] = [
  resolved,
  resolved,
  { kind: 'routed', route: 'service-need-assessment', destination: null },
  resolved,
  resolved,
  { kind: 'routed', route: 'named-service', destination: 'Velkaneuvonta' },
  resolved,
  { kind: 'decided', decision: 'home-care' },
];

function theDay(): ContactEvent[] {
  const events: ContactEvent[] = [];
  for (let n = 1; n <= 10; n++)
    events.push(received({ contactId: id(n), arrivedAt: at(n), reason: n === 1 ? 'housing' : n === 2 ? 'debt' : 'other' }));
  events.push(identified(AINO, id(1)), identified(EERO, id(2)));
  WAITS.forEach((w, i) => events.push(answered(i + 1, w)));
  OUTCOMES.forEach((o, i) => events.push(closed(i + 1, o, 300)));
  const abandon = (n: number, wait: number, short: boolean): ContactEvent => ({
    type: 'ContactAbandoned',
    data: {
      contactId: id(n),
      abandonedAt: at(n, wait),
      waitSeconds: wait,
      countedWaitSeconds: wait,
      short,
      serviceLevelSeconds: 20,
      withinServiceLevel: wait <= 20,
    },
  });
  events.push(abandon(9, 3, true), abandon(10, 40, false));
  // Aino's repeat, three days on (inside 7 days): call 1 was not resolved after all.
  const day3 = '2027-03-13T08:00:00.000Z';
  events.push(
    received({ contactId: id(11), channel: 'email', arrivedAt: day3, reason: 'housing' }),
    identified(AINO, id(11), id(1)),
    answered(11, 3600, day3),
    closed(11, resolved, 600),
  );
  // Eero's next contact nine days on (outside the window): not a repeat.
  const day9 = '2027-03-19T08:00:00.000Z';
  events.push(
    received({ contactId: id(12), channel: 'email', arrivedAt: day9, reason: 'debt' }),
    identified(EERO, id(12)),
    answered(12, 1800, day9),
    closed(12, resolved, 600),
  );
  return events;
}

function figuresOf(events: ContactEvent[]) {
  const cells = [...countEvents(events).values()];
  const all = cells.reduce((sum, c) => addCounters(sum, c.counters), zeroCounters());
  const live = cells.filter((c) => LIVE_CHANNELS.includes(c.cell.channel)).reduce((sum, c) => addCounters(sum, c.counters), zeroCounters());
  return kpiFigures(all, live);
}

describe('KPIs, hand-computed', () => {
  it("gives the day's answer times, service levels, abandonment, FCR and handling time", () => {
    expect(figuresOf(theDay())).toEqual({
      contacts: 12, // ten calls + two e-mails
      averageSpeedOfAnswerSeconds: 21.1, // (5+10+15+20+21+30+60+8) / 8 = 169 / 8 = 21.125; e-mails are not answered "on the line"
      averageSpeedOfAnswerClockSeconds: 21.1,
      serviceLevel: 0.625, // 5 within 20 s of 8 answered
      serviceLevelWithAbandoned: 0.6, // (5 + 1 abandoned within) / (8 + 2)
      serviceLevelWithAbandonedExcludingShort: 0.5556, // (5 + 1 − 1) / (10 − 1) = 5/9
      abandonmentRate: 0.2, // 2 / 10 calls offered
      abandonmentRateExcludingShort: 0.1111, // 1 / 9
      firstContactResolution: 0.5556, // first contacts closed: calls 1–8 and e-mail 12 = 9; resolved without repeat: 2, 4, 5, 7, 12 = 5
      averageHandlingSeconds: 360, // (8 × 300 + 2 × 600) / 10
      transfers: { requested: 0, accepted: 0, rejected: 0 },
      routingsByDestination: { resolved: 7, 'service-need-assessment': 1, 'named-professional': 0, 'named-service': 1, decided: 1 },
      childWelfareNotifications: 0,
      heavyUserFlags: 0,
    });
  });

  it('counts a repeat that comes to light when a closed contact is identified later', () => {
    const day = theDay();
    // E-mail 12 is identified only after it closed, and as a repeat of call 2 (say the window were longer).
    const late = day.filter((e) => !(e.type === 'ContactIdentified' && e.data.contactId === id(12)));
    late.push(identified(EERO, id(12), id(2)));
    // First contacts closed: 8 (12 is a repeat); resolved without repeat: 4, 5, 7 = 3.
    expect(figuresOf(late).firstContactResolution).toBe(0.375);
  });

  it('counts a call before opening on the Monday after Christmas by its open-hours wait', () => {
    const spec = deciderSpec(contactDecider);
    const arrivedAt = '2027-12-27T05:45:00.000Z'; // 07:45 Helsinki, opening at 08:00
    const arrival = received({ contactId: id(20), arrivedAt });
    const answer1 = spec.given([arrival]).when(answer('2027-12-27T06:00:12.000Z')).events();
    const figures = figuresOf([arrival, ...answer1]);
    expect(figures).toMatchObject({ averageSpeedOfAnswerSeconds: 12, averageSpeedOfAnswerClockSeconds: 912, serviceLevel: 1 });
    // Arrived on Christmas Eve (a day off) at 15:00, answered on Monday at 08:00:30: 30 s, not 3 630.
    const eve = received({ contactId: id(21), arrivedAt: '2027-12-24T13:00:00.000Z' });
    const answer2 = spec.given([eve]).when(answer('2027-12-27T06:00:30.000Z')).events();
    expect(answer2[0]!.data).toMatchObject({ countedWaitSeconds: 30, withinServiceLevel: false });
  });

  it("states each definition with the policy's figures", () => {
    const d = kpiDefinitions({ serviceLevelSeconds: 20, serviceLevelTargetPercent: 80, shortAbandonSeconds: 5, repeatWindowDays: 7 });
    expect(d['serviceLevel']).toContain('answered within 20 s of open-hours waiting ÷ answered phone and chat contacts');
    expect(d['abandonmentRateExcludingShort']).toContain('abandoned within 5 s');
    expect(d['firstContactResolution']).toContain('within 7 days');
    expect(Object.keys(d).sort()).toEqual(
      Object.keys(figuresOf([]))
        .filter((k) => !['childWelfareNotifications', 'heavyUserFlags'].includes(k))
        .concat('averageSpeedOfAnswerClockSeconds')
        .filter((k, i, a) => a.indexOf(k) === i)
        .sort(),
    );
  });
});
