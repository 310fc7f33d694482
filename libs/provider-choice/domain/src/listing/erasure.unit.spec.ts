import { deciderSpec } from '@luotsi/kernel/testing';
import { listingDecider } from './listing-decider';
import type { ListingEvent } from './listing-events';
import { area, chose, d, hervanta, mehilainen, person, registered, switchTo } from './test-fixtures';

const spec = deciderSpec(listingDecider);
const forget = (extra: Partial<{ reason: string; erasedOn: string; inRegistry: boolean }> = {}) => ({
  type: 'ForgetPerson' as const,
  personRef: person,
  reason: (extra.reason ?? 'registered-in-error') as 'registered-in-error',
  erasedOn: d(extra.erasedOn ?? '2026-11-23'),
  erasedBy: 'county:anna',
  inRegistry: extra.inRegistry ?? true,
});
const erasedEvent: ListingEvent = {
  type: 'PersonErased',
  data: { personRef: person, erasedOn: d('2026-11-23'), reason: 'registered-in-error' },
};

describe('forgetting a person', () => {
  it('ends the open listing on the day of erasure with endReason erased, and records PersonErased', () => {
    spec
      .given(registered())
      .when(forget())
      .then([
        {
          type: 'ListingEnded',
          data: { personRef: person, stationId: 'hervanta', providerId: 'tampere', effectiveTo: d('2026-11-23'), reason: 'erased' },
        },
        erasedEvent,
      ]);
  });

  it('cancels a pending switch before ending the listing', () => {
    const history = [...registered(), ...spec.given(registered()).when(switchTo(mehilainen, '2026-11-20T10:00:00Z')).events()];
    const events = spec.given(history).when(forget()).events();
    expect(events.map((e) => e.type)).toEqual(['SwitchCancelled', 'ListingEnded', 'PersonErased']);
    expect(events[0]).toMatchObject({ data: { requestId: 'req-1', why: 'erased', cancelledOn: '2026-11-23' } });
  });

  it('ends a chosen listing that begins after the erasure day without overlapping its start', () => {
    const history = [...registered(), ...chose(mehilainen, '2026-12-01')];
    const events = spec.given(history).when(forget()).events();
    expect(events[0]).toMatchObject({
      type: 'ListingEnded',
      data: { stationId: 'mehilainen-hervanta', effectiveTo: '2026-11-30', reason: 'erased' },
    });
  });

  it('records only PersonErased for a person without an open listing, or known to the registry alone', () => {
    const ended: ListingEvent[] = [
      ...registered(),
      { type: 'ResidentDied', data: { personRef: person, diedOn: d('2026-01-05') } },
      {
        type: 'ListingEnded',
        data: { personRef: person, stationId: 'hervanta', providerId: 'tampere', effectiveTo: d('2026-01-05'), reason: 'died' },
      },
    ];
    spec.given(ended).when(forget()).then([erasedEvent]);
    spec.given([]).when(forget()).then([erasedEvent]);
  });

  it('is idempotent: a second erasure decides nothing, even with another reason', () => {
    spec
      .given([...registered(), erasedEvent])
      .when(forget())
      .then([]);
    spec
      .given([...registered(), erasedEvent])
      .when(forget({ reason: 'data-subject-request', erasedOn: '2026-12-01', inRegistry: false }))
      .then([]);
  });

  it('refuses an unknown person and a reason outside the codes', () => {
    spec
      .given([])
      .when(forget({ inRegistry: false }))
      .thenFails('PERSON_NOT_FOUND');
    spec
      .given(registered())
      .when(forget({ reason: '131052-308T' }))
      .thenFails('INVALID_ERASURE_REASON');
    spec
      .given(registered())
      .when(forget({ reason: 'because' }))
      .thenFails('INVALID_ERASURE_REASON', { allowed: expect.arrayContaining(['registered-in-error']) });
  });

  it('takes no other command after erasure: no second listing, no switch, no register row', () => {
    const history = [
      ...registered(),
      {
        type: 'ListingEnded' as const,
        data: { personRef: person, stationId: 'hervanta', providerId: 'tampere', effectiveTo: d('2026-11-23'), reason: 'erased' as const },
      },
      erasedEvent,
    ];
    spec
      .given(history)
      .when({
        type: 'RegisterResident',
        personRef: person,
        birthDate: d('1950-03-15'),
        sex: 'female',
        postalCode: '33710',
        municipalityCode: '837',
        residentFrom: d('2026-12-01'),
        area,
        defaultStation: hervanta,
      })
      .thenFails('PERSON_ERASED');
    spec.given(history).when(switchTo(mehilainen, '2026-11-24T10:00:00Z')).thenFails('PERSON_ERASED');
    spec
      .given(history)
      .when({
        type: 'MoveResident',
        personRef: person,
        movedOn: d('2026-12-02'),
        postalCode: '33530',
        municipalityCode: '837',
        area,
        defaultStation: hervanta,
      })
      .thenFails('PERSON_ERASED');
    spec
      .given(history)
      .when({ type: 'RecordDeath', personRef: person, diedOn: d('2026-12-02') })
      .thenFails('PERSON_ERASED');
  });
});
