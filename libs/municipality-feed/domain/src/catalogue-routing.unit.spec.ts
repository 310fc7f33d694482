import { INBOUND, type InboundEvent } from './inbound';
import { routeBatch } from './routing';
import { serviceOf, type ServiceState } from './catalogue-routing';

let n = 0;
const ev = (type: string, data: Record<string, unknown>): InboundEvent => ({
  id: `c-${++n}`,
  type,
  subject: 'catservice-x',
  time: '2027-01-01T00:00:00Z',
  data,
});
const county = { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' };
const org = (id: string, kind = 'municipality') => ({ id, name: { fi: id }, kind });

/** A version as the catalogue publishes it (service-published.v1), every field it has. */
const version = (serviceId: string, validFrom: string, over: Record<string, unknown> = {}) =>
  ev(INBOUND.servicePublished, {
    serviceId,
    validFrom,
    names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna' },
    summaries: { fi: 'Neuvontaa.' },
    descriptions: { fi: 'Pitkä kuvaus.' },
    keywords: { fi: ['asuminen'] },
    arrangingOrganisation: county,
    producingOrganisations: [county],
    targetGroups: ['working-age'],
    accessModes: ['appointment'],
    legalBasis: [{ name: { fi: 'Sosiaalihuoltolaki' }, reference: '1301/2014' }],
    languages: ['fi', 'sv'],
    area: 'municipalities',
    municipalities: ['837'],
    channelIds: ['hervanta-sosiaaliasema'],
    source: 'county',
    ...over,
  });
const withdrawn = (serviceId: string, withdrawnFrom: string) =>
  ev(INBOUND.serviceWithdrawn, { serviceId, withdrawnFrom, reason: 'merged into adult social work' });

const routed = (events: InboundEvent[], services = new Map<string, ServiceState>()) => {
  const out = routeBatch(events, new Map(), services);
  return { ...out, flat: out.entries.flatMap((e) => e.entries) };
};

describe('the catalogue’s services in the municipalities’ feeds', () => {
  it('a service offered in listed municipalities goes to each of them, with only the fields a municipality needs', () => {
    const { flat, services, unreadable } = routed([version('s1', '2027-01-15', { municipalities: ['837', '536'] })]);
    expect(unreadable).toEqual([]);
    expect(flat.map((e) => [e.municipality, e.type, e.subject])).toEqual([
      ['536', 'service-published', 's1'],
      ['837', 'service-published', 's1'],
    ]);
    expect(flat[1]!.data).toEqual({
      serviceId: 's1',
      validFrom: '2027-01-15',
      names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna' },
      channelIds: ['hervanta-sosiaaliasema'],
      basis: ['area'],
    });
    expect(services.get('s1')).toEqual({ serviceId: 's1', municipalities: ['536', '837'] });
  });

  it('a county-wide or nationwide service is no municipality’s own: it goes nowhere', () => {
    const { flat } = routed([
      version('s2', '2027-01-15', { area: 'county', municipalities: [] }),
      version('s3', '2027-01-15', { area: 'nationwide', municipalities: [] }),
    ]);
    expect(flat).toEqual([]);
  });

  it('a service arranged or produced by a municipality (named by its code) is that municipality’s, whatever its area', () => {
    const { flat } = routed([
      version('s4', '2027-01-15', {
        area: 'county',
        municipalities: [],
        arrangingOrganisation: org('837'),
        producingOrganisations: [org('837'), org('980'), org('0f3c2a9e-uuid', 'municipality'), org('536', 'private')],
      }),
    ]);
    expect(flat.map((e) => [e.municipality, e.type, (e.data as { basis: string[] }).basis])).toEqual([
      ['837', 'service-published', ['arranger', 'producer']],
      ['980', 'service-published', ['producer']],
    ]);
  });

  it('a new version: changed where it was, published where it is new, withdrawn from its date where it no longer is', () => {
    const { flat, services } = routed([
      version('s5', '2027-01-15', { municipalities: ['837', '536'] }),
      version('s5', '2027-03-01', { municipalities: ['837', '980'], channelIds: ['b-chan', 'a-chan', 'b-chan'] }),
    ]);
    expect(flat.slice(2).map((e) => [e.municipality, e.type])).toEqual([
      ['837', 'service-changed'],
      ['980', 'service-published'],
      ['536', 'service-withdrawn'],
    ]);
    expect(flat[2]!.data).toMatchObject({ validFrom: '2027-03-01', channelIds: ['a-chan', 'b-chan'] });
    expect(flat[4]!.data).toEqual({ serviceId: 's5', withdrawnFrom: '2027-03-01', reason: 'no-longer-concerns-municipality' });
    expect(services.get('s5')!.municipalities).toEqual(['837', '980']);
  });

  it('a withdrawal goes to every municipality holding the service; a version after it publishes it again', () => {
    const held = new Map([['s6', { serviceId: 's6', municipalities: ['091', '837'] }]]);
    const { flat, services } = routed([withdrawn('s6', '2027-04-01'), version('s6', '2027-03-15', { municipalities: ['837'] })], held);
    expect(flat.map((e) => [e.municipality, e.type, e.data])).toEqual([
      ['091', 'service-withdrawn', { serviceId: 's6', withdrawnFrom: '2027-04-01', reason: 'withdrawn' }],
      ['837', 'service-withdrawn', { serviceId: 's6', withdrawnFrom: '2027-04-01', reason: 'withdrawn' }],
      ['837', 'service-published', expect.objectContaining({ validFrom: '2027-03-15' })],
    ]);
    expect(services.get('s6')!.municipalities).toEqual(['837']);
  });

  it('a withdrawal of a service no municipality holds sends nothing', () => {
    expect(routed([withdrawn('s7', '2027-04-01')]).flat).toEqual([]);
  });

  it('is a tolerant reader: a new catalogue field changes nothing; a missing needed one or an unknown code is unreadable', () => {
    const extra = routed([version('s8', '2027-01-15', { fundingType: 'public', newField: { x: 1 } })]);
    expect(extra.flat).toHaveLength(1);
    const unknownCode = routed([version('s9', '2027-01-15', { municipalities: ['837', '999'] })]);
    expect(unknownCode.flat).toEqual([]);
    expect(unknownCode.unreadable.map((u) => u.error.field)).toEqual(['municipalities[1]']);
    const noArranger = routed([version('s10', '2027-01-15', { arrangingOrganisation: undefined })]);
    expect(noArranger.unreadable.map((u) => u.error.field)).toEqual(['arrangingOrganisation']);
    const badProducer = routed([version('s11', '2027-01-15', { producingOrganisations: [{ name: {} }] })]);
    expect(badProducer.unreadable.map((u) => u.error.field)).toEqual(['producingOrganisations[0].kind']);
    const noNames = routed([version('s12', '2027-01-15', { names: {} })]);
    expect(noNames.unreadable.map((u) => u.error.field)).toEqual(['names']);
    expect(serviceOf(version('s13', '2027-01-15'))).toBe('s13');
    expect(serviceOf(ev(INBOUND.servicePublished, { names: {} }))).toBeNull();
  });

  it('sends no free text: descriptions, summaries, keywords and the withdrawal’s reason stay in the catalogue', () => {
    const { flat } = routed([
      version('s14', '2027-01-15'),
      withdrawn('s14', '2027-06-01'),
      ev('fi.luotsi.service-catalogue.channel-published.v1', { channelId: 'x' }),
    ]);
    expect(flat.map((e) => e.type)).toEqual(['service-published', 'service-withdrawn']);
    expect(JSON.stringify(flat)).not.toMatch(/Neuvontaa|Pitkä kuvaus|asuminen|merged|Sosiaalihuoltolaki|working-age/);
  });
});
