import { commandsForProvider, parseStationHours, readProviderChoiceEvent } from './provider-choice-stations';
import { readContactIntakeRouting } from './contact-intake-routings';
import type { LocalDate } from '@luotsi/kernel';

const TODAY = '2027-01-13' as LocalDate;

describe("reading other contexts' public events", () => {
  it("reads provider choice's stations and ignores what the catalogue has no use for", () => {
    expect(readProviderChoiceEvent({ type: 'fi.luotsi.provider-choice.listing-started.v1', data: {} })).toBeNull();
    expect(() => readProviderChoiceEvent({ type: 'fi.luotsi.provider-choice.provider-updated.v1', data: { providerId: 'x' } })).toThrow(
      /stations/,
    );
    const facts = readProviderChoiceEvent({
      type: 'fi.luotsi.provider-choice.provider-registered.v1',
      data: {
        providerId: 'tampere',
        name: 'Tampereen kaupunki',
        kind: 'public',
        businessId: '0211675-2',
        stations: [
          {
            stationId: 'hervanta',
            name: 'Hervannan terveysasema',
            streetAddress: 'Katu 1',
            postalCode: '33720',
            municipalityCode: '837',
            languages: ['fi', 'sv'],
            services: ['primary-care-reception', 'unknown-kind'],
            openingHours: 'ma–pe 8–16, la 10–14',
            accessibility: 'esteetön',
            extra: 'ignored',
          },
        ],
      },
    })!;
    const { channels, services } = commandsForProvider(
      facts,
      { channelIds: ['pc-old-station'], serviceIds: ['pc-tampere--physiotherapy'], producerKind: null },
      TODAY,
    );
    expect(channels.map((c) => [c.type, c.channelId])).toEqual([
      ['PublishChannelVersion', 'pc-hervanta'],
      ['WithdrawChannel', 'pc-old-station'],
    ]);
    expect(services.map((s) => [s.type, s.serviceId])).toEqual([
      ['PublishServiceVersion', 'pc-tampere--primary-care-reception'],
      ['WithdrawService', 'pc-tampere--physiotherapy'],
    ]);
    expect(channels[0]).toMatchObject({
      content: {
        location: { lat: 61.45, lon: 23.85 },
        locationPrecision: 'postal-code',
        accessibility: { features: ['step-free-access'] },
      },
    });
  });

  it('reads station hours written as day ranges, and keeps other wordings as text', () => {
    expect(parseStationHours('Mon–Fri 8–18')!.weekly).toHaveLength(5);
    expect(parseStationHours('ma–pe 8–16, la 10–14')!.weekly.at(-1)).toEqual({ day: 'sat', opens: '10:00', closes: '14:00' });
    expect(parseStationHours('arkisin aamusta iltaan')).toBeNull();
  });

  it("counts contact intake's routings to a named service only, without the person", () => {
    const data = {
      contactId: 'contact-1',
      personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11',
      municipality: '837',
      route: 'named-service',
      destination: 'sosiaaliohjaus',
      segment: null,
      requestedOn: '2027-01-13',
    };
    expect(readContactIntakeRouting({ type: 'fi.luotsi.contact-intake.plan-requested.v1', data })).toEqual({
      routingId: 'contact-1',
      serviceId: 'sosiaaliohjaus',
      channelId: null,
      municipality: '837',
      routedOn: '2027-01-13',
    });
    // The channel intake names since it routes from the catalogue (absent above: older events).
    expect(
      readContactIntakeRouting({
        type: 'fi.luotsi.contact-intake.plan-requested.v1',
        data: { ...data, channelId: 'sosiaaliohjaus-puhelin' },
      }),
    ).toMatchObject({ serviceId: 'sosiaaliohjaus', channelId: 'sosiaaliohjaus-puhelin' });
    expect(() =>
      readContactIntakeRouting({ type: 'fi.luotsi.contact-intake.plan-requested.v1', data: { ...data, channelId: 'Not An Id' } }),
    ).toThrow(/channelId/);
    expect(
      readContactIntakeRouting({ type: 'fi.luotsi.contact-intake.plan-requested.v1', data: { ...data, route: 'service-need-assessment' } }),
    ).toBeNull();
    expect(() =>
      readContactIntakeRouting({ type: 'fi.luotsi.contact-intake.plan-requested.v1', data: { ...data, municipality: 'x' } }),
    ).toThrow(/municipality/);
  });
});
