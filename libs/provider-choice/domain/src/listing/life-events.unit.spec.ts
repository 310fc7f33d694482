import { deciderSpec } from '@luotsi/kernel/testing';
import { listingDecider } from './listing-decider';
import type { ListingEvent } from './listing-events';
import { area, chose, d, hervanta, kaukajarvi, mehilainen, person, registered, switchTo } from './test-fixtures';

const spec = deciderSpec(listingDecider);
const register = (postalCode: string, defaultStation = hervanta) => ({
  type: 'RegisterResident' as const,
  personRef: person,
  birthDate: d('1950-03-15'),
  sex: 'female' as const,
  postalCode,
  municipalityCode: '837',
  residentFrom: d('2026-05-20'),
  area,
  defaultStation,
});
const move = (postalCode: string, movedOn: string, defaultStation: typeof hervanta | null = null) => ({
  type: 'MoveResident' as const,
  personRef: person,
  movedOn: d(movedOn),
  postalCode,
  municipalityCode: postalCode === '00100' ? '091' : '837',
  area,
  defaultStation,
});

describe('residents from the population register', () => {
  it('lists an eligible resident with the default station of their postal code from the day they became resident', () => {
    const events = spec.given([]).when(register('33710')).events();
    expect(events.map((e) => e.type)).toEqual(['ResidentRegistered', 'ListingStarted']);
    expect(events[1]).toMatchObject({ data: { stationId: 'hervanta', effectiveFrom: '2026-05-20', reason: 'default' } });
  });

  it('registers but does not list a resident outside the area', () => {
    const events = spec
      .given([])
      .when({ ...register('00100'), defaultStation: null })
      .events();
    expect(events).toEqual([expect.objectContaining({ type: 'ResidentRegistered', data: expect.objectContaining({ eligible: false }) })]);
  });

  it('is idempotent for the same person registered again', () => {
    spec.given(registered()).when(register('33710')).then([]);
  });

  it('moving out of the area ends the listing at the end of that month and voids a pending switch', () => {
    const pending = [...registered(), ...spec.given(registered()).when(switchTo(mehilainen, '2026-11-23T10:00:00Z')).events()];
    const events = spec.given(pending).when(move('00100', '2026-11-25')).events();
    expect(events.map((e) => e.type)).toEqual(['ResidentMoved', 'SwitchCancelled', 'ListingEnded']);
    expect(events[2]).toMatchObject({ data: { stationId: 'hervanta', effectiveTo: '2026-11-30', reason: 'moved-out' } });
  });

  it('moving within the area keeps the chosen station', () => {
    const history = [...registered(), ...chose(mehilainen, '2026-09-01')];
    const events = spec
      .given(history)
      .when(move('33530', '2026-11-10', kaukajarvi))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ResidentMoved']);
  });

  it('moving within the area moves a default listing to the new default from the next month', () => {
    const events = spec
      .given(registered())
      .when(move('33530', '2026-11-10', kaukajarvi))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ResidentMoved', 'ListingEnded', 'ListingStarted']);
    expect(events[1]).toMatchObject({ data: { effectiveTo: '2026-11-30', reason: 'moved' } });
    expect(events[2]).toMatchObject({
      data: { stationId: 'kaukajarvi', effectiveFrom: '2026-12-01', reason: 'moved', postalCode: '33530' },
    });
  });

  it('moving into the area lists the resident with the default station from the moving day', () => {
    const outside: ListingEvent[] = [
      {
        type: 'ResidentRegistered',
        data: {
          personRef: person,
          birthDate: d('1990-01-01'),
          sex: 'male',
          postalCode: '00100',
          municipalityCode: '091',
          residentFrom: d('2020-01-01'),
          eligible: false,
        },
      },
    ];
    const events = spec
      .given(outside)
      .when(move('33710', '2026-11-10', hervanta))
      .events();
    expect(events[1]).toMatchObject({
      type: 'ListingStarted',
      data: { stationId: 'hervanta', effectiveFrom: '2026-11-10', reason: 'moved' },
    });
  });

  it('death ends the listing on the date of death', () => {
    const events = spec
      .given(registered())
      .when({ type: 'RecordDeath', personRef: person, diedOn: d('2026-11-12') })
      .events();
    expect(events.map((e) => e.type)).toEqual(['ResidentDied', 'ListingEnded']);
    expect(events[1]).toMatchObject({ data: { effectiveTo: '2026-11-12', reason: 'died' } });
  });

  it('a move or death for someone unknown is refused', () => {
    spec
      .given([])
      .when(move('33710', '2026-11-10', hervanta))
      .thenFails('RESIDENT_NOT_FOUND');
  });
});

describe('a terminated provider', () => {
  const history = [...registered(), ...chose(mehilainen, '2026-09-01')];
  const returnToDefault = {
    type: 'ReturnToDefault' as const,
    personRef: person,
    providerId: 'mehilainen',
    from: d('2027-04-01'),
    area,
    defaultStation: hervanta,
  };

  it('returns its clients to their default station from the first day of the month after the termination', () => {
    const events = spec.given(history).when(returnToDefault).events();
    expect(events.map((e) => e.type)).toEqual(['ListingEnded', 'ListingStarted']);
    expect(events[0]).toMatchObject({ data: { providerId: 'mehilainen', effectiveTo: '2027-03-31', reason: 'provider-terminated' } });
    expect(events[1]).toMatchObject({ data: { stationId: 'hervanta', effectiveFrom: '2027-04-01', reason: 'provider-terminated' } });
  });

  it('leaves others alone and does not repeat itself', () => {
    spec.given(registered()).when(returnToDefault).then([]);
    const done = [...history, ...spec.given(history).when(returnToDefault).events()];
    spec.given(done).when(returnToDefault).then([]);
  });

  it('does not restart the switching clock: a return to default is not a choice', () => {
    const done = [...history, ...spec.given(history).when(returnToDefault).events()];
    const [event] = spec.given(done).when(switchTo(mehilainen, '2027-04-02T10:00:00Z')).events();
    // chosen 1 September 2026; the clock allows any month from December 2026, so May 2027 is fine
    expect(event).toMatchObject({ type: 'SwitchRequested', data: { effectiveFrom: '2027-05-01' } });
  });
});
