import { deciderSpec } from '@luotsi/kernel/testing';
import { foldEvents, type LocalDate } from '@luotsi/kernel';
import { DEFAULT_POLICY } from '../config/policy';
import { AINO } from '../testing-fixtures';
import { heavyUseDecider, pendingFlags, type HeavyUseEvent } from './heavy-use-decider';
import { pickLeastBusy } from '../queues/worker-decider';

const spec = deciderSpec(heavyUseDecider);
const observed = (n: number, date: string, over: Partial<{ serviceType: string; noShow: boolean }> = {}): HeavyUseEvent => ({
  type: 'ServiceObserved',
  data: {
    serviceKey: `mehilainen:S-${n}`,
    date: date as LocalDate,
    serviceType: over.serviceType ?? 'doctor-visit',
    noShow: over.noShow ?? false,
    personRef: AINO,
  },
});
const observe = (n: number, date: string, over: Partial<{ serviceType: string; noShow: boolean }> = {}) => ({
  type: 'ObserveService' as const,
  personRef: AINO,
  service: {
    serviceKey: `mehilainen:S-${n}`,
    date: date as LocalDate,
    serviceType: over.serviceType ?? 'doctor-visit',
    noShow: over.noShow ?? false,
  },
  policy: DEFAULT_POLICY,
});
const months = (n: number) => Array.from({ length: n }, (_, i) => observed(i + 1, `2026-${String(i + 1).padStart(2, '0')}-15`));

describe("heavy-use triggers from billing's service rows", () => {
  it('flags the tenth primary-care visit or booking within twelve months, with its figures', () => {
    spec
      .given(months(9))
      .when(observe(10, '2026-10-20'))
      .then([
        observed(10, '2026-10-20'),
        {
          type: 'HeavyUseTriggered',
          data: {
            personRef: AINO,
            trigger: 'frequent-visits',
            count: 10,
            windowFrom: '2025-10-21' as LocalDate,
            windowTo: '2026-10-20' as LocalDate,
            triggerId: 'frequent-visits:2026-10-20',
            threshold: 10,
            windowDays: 365,
          },
        },
      ]);
  });

  it('flags when the rows arrive out of order: the window that holds the late row counts it', () => {
    const later = months(9).slice(1); // February…September
    const events = spec
      .given([...later, observed(10, '2026-10-20')])
      .when(observe(1, '2026-01-15'))
      .events();
    expect(events[1]).toMatchObject({ type: 'HeavyUseTriggered', data: { count: 10, windowFrom: '2025-10-21', windowTo: '2026-10-20' } });
  });

  it('does not count visits outside the window or social-guidance meetings', () => {
    spec
      .given([observed(0, '2025-01-01'), ...months(8)])
      .when(observe(10, '2026-10-20'))
      .then([observed(10, '2026-10-20')]);
    spec
      .given(months(9))
      .when(observe(10, '2026-10-20', { serviceType: 'social-guidance-meeting' }))
      .then([observed(10, '2026-10-20', { serviceType: 'social-guidance-meeting' })]);
  });

  it('flags three missed appointments within thirty days, of any service, once per window', () => {
    const missed = [
      observed(1, '2026-05-02', { noShow: true, serviceType: 'social-guidance-meeting' }),
      observed(2, '2026-05-10', { noShow: true }),
    ];
    const events = spec
      .given(missed)
      .when(observe(3, '2026-05-30', { noShow: true }))
      .events();
    expect(events[1]).toMatchObject({
      type: 'HeavyUseTriggered',
      data: { trigger: 'missed-appointments', count: 3, windowFrom: '2026-05-01', windowTo: '2026-05-30' },
    });
    spec
      .given([...missed, ...events])
      .when(observe(4, '2026-05-31', { noShow: true }))
      .then([observed(4, '2026-05-31', { noShow: true })]);
    spec
      .given(months(3))
      .when(observe(13, '2026-05-30', { noShow: true }))
      .then([observed(13, '2026-05-30', { noShow: true })]);
  });

  it('keeps a redelivered service once, and shows a flag on one contact only', () => {
    spec.given(months(2)).when(observe(2, '2026-02-15')).then([]);
    const triggered = [...months(9), ...spec.given(months(9)).when(observe(10, '2026-10-20')).events()];
    const state = foldEvents(heavyUseDecider, triggered);
    expect(pendingFlags(state)).toEqual([
      { trigger: 'frequent-visits', count: 10, windowFrom: '2025-10-21', windowTo: '2026-10-20', triggerId: 'frequent-visits:2026-10-20' },
    ]);
    const shown = spec
      .given(triggered)
      .when({ type: 'MarkShown', personRef: AINO, triggerIds: ['frequent-visits:2026-10-20'], contactId: 'c' })
      .events();
    expect(shown).toHaveLength(1);
    expect(pendingFlags(foldEvents(heavyUseDecider, [...triggered, ...shown]))).toEqual([]);
    spec
      .given([...triggered, ...shown])
      .when({ type: 'MarkShown', personRef: AINO, triggerIds: ['frequent-visits:2026-10-20'], contactId: 'd' })
      .then([]);
  });
});

describe('least-busy, language-matched assignment', () => {
  const w = (workerId: string, languages: Array<'fi' | 'sv' | 'en'>, organisation = 'pirkanmaa', available = true) => ({
    workerId,
    languages,
    organisation,
    available,
  });
  const workers = [
    w('aino', ['fi']),
    w('britt', ['fi', 'sv']),
    w('carl', ['sv']),
    w('dora', ['sv'], 'raisio'),
    w('eeva', ['sv'], 'pirkanmaa', false),
  ];

  it('picks the available worker of the organisation in the language with the fewest open contacts', () => {
    const load = new Map([
      ['britt', { open: 2, lastAssignedAt: '2027-03-10T07:00:00Z' }],
      ['carl', { open: 1, lastAssignedAt: '2027-03-10T07:05:00Z' }],
    ]);
    expect(pickLeastBusy(workers, { language: 'sv', organisation: 'pirkanmaa' }, load)?.workerId).toBe('carl');
    expect(pickLeastBusy(workers, { language: 'fi', organisation: 'pirkanmaa' }, load)?.workerId).toBe('aino');
    expect(pickLeastBusy(workers, { language: 'en', organisation: 'pirkanmaa' }, load)).toBeNull();
  });

  it('breaks a tie by who was assigned longest ago', () => {
    const load = new Map([
      ['britt', { open: 1, lastAssignedAt: '2027-03-10T07:00:00Z' }],
      ['carl', { open: 1, lastAssignedAt: '2027-03-10T07:05:00Z' }],
    ]);
    expect(pickLeastBusy(workers, { language: 'sv', organisation: 'pirkanmaa' }, load)?.workerId).toBe('britt');
  });
});
