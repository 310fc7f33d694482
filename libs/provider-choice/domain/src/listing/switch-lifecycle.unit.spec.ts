import { deciderSpec } from '@luotsi/kernel/testing';
import { listingDecider } from './listing-decider';
import type { ListingEvent } from './listing-events';
import { d, mehilainen, person, registered, switchTo } from './test-fixtures';

const spec = deciderSpec(listingDecider);
const requested: ListingEvent[] = [
  ...registered(),
  ...spec.given(registered()).when(switchTo(mehilainen, '2026-11-23T10:00:00Z')).events(),
];

describe('a pending switch', () => {
  it('can be cancelled before it takes effect', () => {
    spec
      .given(requested)
      .when({ type: 'CancelSwitch', personRef: person, requestId: 'req-1', today: d('2026-11-30'), cancelledBy: 'resident' })
      .then([
        {
          type: 'SwitchCancelled',
          data: { personRef: person, requestId: 'req-1', cancelledOn: d('2026-11-30'), why: 'cancelled', cancelledBy: 'resident' },
        },
      ]);
  });

  it('cannot be cancelled once effective, nor when there is none', () => {
    spec
      .given(requested)
      .when({ type: 'CancelSwitch', personRef: person, requestId: null, today: d('2026-12-01'), cancelledBy: 'resident' })
      .thenFails('SWITCH_ALREADY_EFFECTIVE', { effectiveFrom: '2026-12-01' });
    spec
      .given(registered())
      .when({ type: 'CancelSwitch', personRef: person, requestId: null, today: d('2026-11-30'), cancelledBy: 'resident' })
      .thenFails('NO_PENDING_SWITCH');
  });

  it('does nothing before its date', () => {
    spec
      .given(requested)
      .when({ type: 'EffectuateSwitch', personRef: person, today: d('2026-11-30'), target: mehilainen })
      .then([]);
  });

  it('on its date ends the old listing the day before and starts the chosen one', () => {
    spec
      .given(requested)
      .when({ type: 'EffectuateSwitch', personRef: person, today: d('2026-12-01'), target: mehilainen })
      .then([
        {
          type: 'ListingEnded',
          data: { personRef: person, stationId: 'hervanta', providerId: 'tampere', effectiveTo: d('2026-11-30'), reason: 'switched' },
        },
        {
          type: 'ListingStarted',
          data: {
            personRef: person,
            stationId: 'mehilainen-hervanta',
            providerId: 'mehilainen',
            effectiveFrom: d('2026-12-01'),
            reason: 'choice',
            requestId: 'req-1',
            birthDate: d('1950-03-15'),
            sex: 'female',
            postalCode: '33710',
            municipalityCode: '837',
          },
        },
      ]);
  });

  it('is applied once: effectuating again changes nothing', () => {
    const effected = [
      ...requested,
      ...spec
        .given(requested)
        .when({ type: 'EffectuateSwitch', personRef: person, today: d('2026-12-01'), target: mehilainen })
        .events(),
    ];
    spec
      .given(effected)
      .when({ type: 'EffectuateSwitch', personRef: person, today: d('2026-12-02'), target: mehilainen })
      .then([]);
  });

  it('is void if the provider lost its approval before the date', () => {
    const suspended = { ...mehilainen, timeline: [...mehilainen.timeline, { from: d('2026-11-28'), status: 'suspended' as const }] };
    const [event] = spec
      .given(requested)
      .when({ type: 'EffectuateSwitch', personRef: person, today: d('2026-12-01'), target: suspended })
      .events();
    expect(event).toMatchObject({ type: 'SwitchCancelled', data: { why: 'provider-not-approved' } });
  });
});
