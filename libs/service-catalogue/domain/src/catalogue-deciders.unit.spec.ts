import { deciderSpec } from '@luotsi/kernel/testing';
import { foldEvents } from '@luotsi/kernel';
import { channelDecider, type ChannelEvent } from './channel/channel-decider';
import { checkChannelContent } from './channel/channel-content';
import { routingDecider } from './routing/routing-decider';
import { checkServiceContent } from './service/service-content';
import { serviceDecider, type ServiceEvent } from './service/service-decider';
import { periods, versionOn } from './validity';
import { d, guidanceService, servicePoint } from './testing-fixtures';

const TODAY = d('2027-01-15');
const publish = (validFrom: string, content: unknown = guidanceService(), over: Record<string, unknown> = {}) =>
  ({
    type: 'PublishServiceVersion',
    serviceId: 'guidance',
    validFrom: d(validFrom),
    content,
    source: 'county',
    publishedBy: 'county:anna',
    today: TODAY,
    ...over,
  }) as const;
const published = (validFrom: string, content: unknown = guidanceService(), source = 'county'): ServiceEvent => ({
  type: 'ServiceVersionPublished',
  data: {
    serviceId: 'guidance',
    validFrom: d(validFrom),
    content: checkServiceContent(content),
    source: source as 'county',
    publishedBy: 'county:anna',
  },
});

describe('a service, versioned by validity', () => {
  const spec = deciderSpec(serviceDecider);

  it('publishes a first version from today, and the same content again changes nothing', () => {
    spec
      .given([])
      .when(publish('2027-01-15'))
      .then([published('2027-01-15')]);
    spec
      .given([published('2027-01-15')])
      .when(publish('2027-01-20'))
      .then([]);
  });

  it('schedules a new version; each date reads the version valid on it', () => {
    const renamed = guidanceService({ names: { fi: 'Aikuissosiaalityö' } });
    spec
      .given([published('2027-01-15')])
      .when(publish('2027-03-01', renamed))
      .then([published('2027-03-01', renamed)]);
    const state = foldEvents(serviceDecider, [published('2027-01-15'), published('2027-03-01', renamed)]);
    expect(versionOn(state, d('2027-02-28'))?.content.names).toEqual(guidanceService().names);
    expect(versionOn(state, d('2027-03-01'))?.content.names).toEqual({ fi: 'Aikuissosiaalityö' });
    expect(versionOn(state, d('2027-01-14'))).toBeNull();
    expect(periods(state)).toEqual([
      { validFrom: '2027-01-15', validTo: '2027-02-28' },
      { validFrom: '2027-03-01', validTo: null },
    ]);
  });

  it('lets a version from an earlier date supersede one scheduled later', () => {
    const a = guidanceService({ names: { fi: 'A' } });
    const state = foldEvents(serviceDecider, [published('2027-01-15'), published('2027-06-01', a), published('2027-03-01')]);
    expect(state.versions.map((v) => v.validFrom)).toEqual(['2027-01-15', '2027-03-01']);
  });

  it('does not rewrite the past', () => {
    spec
      .given([published('2027-01-15')])
      .when(publish('2027-01-14', guidanceService({ names: { fi: 'B' } })))
      .thenFails('VALIDITY_IN_PAST');
  });

  it('withdraws from a date: valid until the day before, and a withdrawal later than one in force changes nothing', () => {
    const withdraw = {
      type: 'WithdrawService',
      serviceId: 'guidance',
      from: d('2027-04-01'),
      reason: 'merged',
      withdrawnBy: 'county:anna',
      source: 'county',
      today: TODAY,
    } as const;
    const withdrawn: ServiceEvent = {
      type: 'ServiceWithdrawn',
      data: { serviceId: 'guidance', withdrawnFrom: d('2027-04-01'), reason: 'merged', withdrawnBy: 'county:anna' },
    };
    spec
      .given([published('2027-01-15')])
      .when(withdraw)
      .then([withdrawn]);
    spec
      .given([published('2027-01-15'), withdrawn])
      .when({ ...withdraw, from: d('2027-05-01') })
      .then([]);
    const state = foldEvents(serviceDecider, [published('2027-01-15'), withdrawn]);
    expect(versionOn(state, d('2027-03-31'))).not.toBeNull();
    expect(versionOn(state, d('2027-04-01'))).toBeNull();
    spec.given([]).when(withdraw).thenFails('SERVICE_NOT_FOUND');
  });

  it('refuses bad content by field, and content carrying an identity code', () => {
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService({ names: {} })))
      .thenFails('MISSING_FIELD', { field: 'names' });
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService({ accessModes: ['teleport'] })))
      .thenFails('INVALID_VALUE', { field: 'accessModes' });
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService({ area: 'county' })))
      .thenFails('INVALID_VALUE', { field: 'municipalities' });
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService({ arranger: { id: 'x', name: { fi: 'X' }, kind: 'church' } })))
      .thenFails('INVALID_VALUE');
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService({ summaries: { fi: 'asiakas 131052-308T' } })))
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'summaries.fi' });
    spec
      .given([])
      .when(publish('2027-01-15', guidanceService(), { serviceId: 'Not An Id' }))
      .thenFails('INVALID_ID');
  });

  it("keeps provider choice's services to provider choice", () => {
    spec
      .given([published('2027-01-15', guidanceService(), 'provider-choice')])
      .when(publish('2027-02-01', guidanceService({ names: { fi: 'X' } })))
      .thenFails('MANAGED_BY_PROVIDER_CHOICE');
    spec
      .given([published('2027-01-15', guidanceService(), 'provider-choice')])
      .when(publish('2027-02-01', guidanceService({ names: { fi: 'X' } }), { source: 'provider-choice' }))
      .then([published('2027-02-01', guidanceService({ names: { fi: 'X' } }), 'provider-choice')]);
  });
});

describe('a channel', () => {
  const spec = deciderSpec(channelDecider);
  const publishChannel = (content: unknown, validFrom = '2027-01-15') =>
    ({
      type: 'PublishChannelVersion',
      channelId: 'hervanta-point',
      validFrom: d(validFrom),
      content,
      source: 'county',
      publishedBy: 'county:anna',
      today: TODAY,
    }) as const;
  const channelPublished = (content: unknown, validFrom = '2027-01-15'): ChannelEvent => ({
    type: 'ChannelVersionPublished',
    data: {
      channelId: 'hervanta-point',
      validFrom: d(validFrom),
      content: checkChannelContent(content),
      source: 'county',
      publishedBy: 'county:anna',
    },
  });

  it('publishes a service point with its address, coordinates, hours and accessibility', () => {
    spec
      .given([])
      .when(publishChannel(servicePoint()))
      .then([channelPublished(servicePoint())]);
    expect(checkChannelContent(servicePoint())).toMatchObject({
      locationPrecision: 'address',
      accessibility: { features: ['step-free-access'] },
    });
  });

  it('needs what each kind is used by: an address, a number, an https link', () => {
    spec
      .given([])
      .when(publishChannel(servicePoint({ address: null })))
      .thenFails('MISSING_FIELD', { field: 'address' });
    spec
      .given([])
      .when(publishChannel({ kind: 'phone', names: { fi: 'Neuvonta' }, languages: ['fi'] }))
      .thenFails('MISSING_FIELD', { field: 'phone' });
    spec
      .given([])
      .when(publishChannel({ kind: 'phone', names: { fi: 'Neuvonta' }, languages: ['fi'], phone: { number: 'call me' } }))
      .thenFails('INVALID_PHONE');
    spec
      .given([])
      .when(publishChannel({ kind: 'e-service', names: { fi: 'Asiointi' }, languages: ['fi'], url: 'http://example.fi' }))
      .thenFails('INVALID_URL');
    spec
      .given([])
      .when(publishChannel({ kind: 'chat', names: { fi: 'Chat' }, languages: ['fi'], url: 'https://chat.example.fi/' }))
      .then([channelPublished({ kind: 'chat', names: { fi: 'Chat' }, languages: ['fi'], url: 'https://chat.example.fi/' })]);
    spec
      .given([])
      .when(publishChannel(servicePoint({ location: { lat: 48.8, lon: 2.3 } })))
      .thenFails('COORDINATES_OUTSIDE_FINLAND');
  });

  it('keeps its kind, and refuses hours that make no sense', () => {
    spec
      .given([channelPublished(servicePoint())])
      .when(publishChannel({ kind: 'chat', names: { fi: 'C' }, languages: ['fi'], url: 'https://c.fi/' }, '2027-02-01'))
      .thenFails('CHANNEL_KIND_CHANGED');
    spec
      .given([])
      .when(publishChannel(servicePoint({ openingHours: { weekly: [{ day: 'mon', opens: '12:00', closes: '11:00' }] } })))
      .thenFails('INVALID_HOURS');
  });

  it('schedules a summer closure as a new version and changes nothing when sent again', () => {
    const summer = servicePoint({
      openingHours: {
        weekly: [{ day: 'mon', opens: '08:00', closes: '16:00' }],
        publicHolidays: 'closed',
        exceptions: [{ from: '2027-07-01', to: '2027-07-31', closed: true }],
      },
    });
    spec
      .given([channelPublished(servicePoint())])
      .when(publishChannel(summer, '2027-02-01'))
      .then([channelPublished(summer, '2027-02-01')]);
    spec
      .given([channelPublished(servicePoint()), channelPublished(summer, '2027-02-01')])
      .when(publishChannel(summer, '2027-03-01'))
      .then([]);
  });
});

describe('a routing to a named service', () => {
  const spec = deciderSpec(routingDecider);
  const route = (over: Record<string, unknown> = {}) =>
    ({
      type: 'RecordRouting',
      routingId: 'contact-1',
      serviceId: 'guidance',
      channelId: 'hervanta-point',
      municipality: '837',
      routedOn: d('2027-01-15'),
      serviceInForce: true,
      channelOfService: true,
      today: TODAY,
      ...over,
    }) as const;
  const routed = {
    type: 'ServiceRouted' as const,
    data: { routingId: 'contact-1', serviceId: 'guidance', channelId: 'hervanta-point', municipality: '837', routedOn: d('2027-01-15') },
  };

  it('is counted once, and a conflicting retelling is refused', () => {
    spec.given([]).when(route()).then([routed]);
    spec.given([routed]).when(route()).then([]);
    spec
      .given([routed])
      .when(route({ serviceId: 'other' }))
      .thenFails('ROUTING_CONFLICT');
  });

  it('needs a service in force, a channel of it, a municipality code and a date not in the future', () => {
    spec
      .given([])
      .when(route({ serviceInForce: false }))
      .thenFails('SERVICE_NOT_FOUND');
    spec
      .given([])
      .when(route({ channelOfService: false }))
      .thenFails('CHANNEL_NOT_OF_SERVICE');
    spec
      .given([])
      .when(route({ municipality: '83' }))
      .thenFails('INVALID_MUNICIPALITY');
    spec
      .given([])
      .when(route({ routedOn: d('2027-01-16') }))
      .thenFails('FUTURE_DATE');
  });
});
