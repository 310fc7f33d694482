import Ajv2020 from 'ajv/dist/2020';
import type { LocalDate } from '@luotsi/kernel';
import { checkChannelContent, checkServiceContent } from '@luotsi/service-catalogue-domain';
import { serviceCatalogueContract } from './service-catalogue-contract';

const ajv = new Ajv2020({ strict: false });
const def = (domainType: string) => serviceCatalogueContract.events.find((e) => e.domainType === domainType)!;

describe("the service catalogue's public contract", () => {
  it('validates every example against its schema', () => {
    for (const e of serviceCatalogueContract.events)
      expect({ event: e.name, ok: ajv.validate(e.schema, e.example), errors: ajv.errors ?? null }).toEqual({
        event: e.name,
        ok: true,
        errors: null,
      });
  });

  it('maps real domain events to payloads their schemas accept, naming each field explicitly', () => {
    const service = checkServiceContent({
      names: { fi: 'Perheneuvola', sv: 'Familjerådgivning' },
      arranger: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
      targetGroups: ['children-and-families'],
      accessModes: ['appointment'],
      languages: ['fi'],
      area: 'county',
    });
    const published = def('ServiceVersionPublished').toPublic!({
      serviceId: 'perheneuvola',
      validFrom: '2027-01-15' as LocalDate,
      content: service as never,
      source: 'county',
      publishedBy: 'county:anna',
      internalNote: 'stays inside',
    });
    expect(published).not.toHaveProperty('publishedBy');
    expect(published).not.toHaveProperty('internalNote');
    expect(ajv.validate(def('ServiceVersionPublished').schema, published)).toBe(true);
    const channel = checkChannelContent({
      kind: 'phone',
      names: { fi: 'Neuvonta' },
      languages: ['fi'],
      phone: { number: '+358 3 565 700' },
    });
    const channelPublished = def('ChannelVersionPublished').toPublic!({
      channelId: 'neuvonta',
      validFrom: '2027-01-15',
      content: channel as never,
      source: 'county',
      publishedBy: 'x',
    });
    expect({ ok: ajv.validate(def('ChannelVersionPublished').schema, channelPublished), errors: ajv.errors ?? null }).toEqual({
      ok: true,
      errors: null,
    });
    const routed = def('ServiceRouted').toPublic!({
      routingId: 'contact-1',
      serviceId: 's',
      channelId: null,
      municipality: '837',
      routedOn: '2027-01-15',
    });
    expect(routed).toEqual({ serviceId: 's', channelId: null, municipality: '837', routedOn: '2027-01-15' });
  });

  it('publishes on its own topic with the event names contact intake and the feed read', () => {
    expect(serviceCatalogueContract.context).toBe('service-catalogue');
    expect(serviceCatalogueContract.events.map((e) => `fi.luotsi.service-catalogue.${e.name}.v${e.version}`)).toEqual([
      'fi.luotsi.service-catalogue.service-published.v1',
      'fi.luotsi.service-catalogue.service-withdrawn.v1',
      'fi.luotsi.service-catalogue.channel-published.v1',
      'fi.luotsi.service-catalogue.channel-withdrawn.v1',
      'fi.luotsi.service-catalogue.service-routed.v1',
    ]);
  });
});
