import type { ContextContract } from '@luotsi/contracts';
import {
  ACCESS_MODES,
  ACCESSIBILITY_FEATURES,
  AREA_KINDS,
  CHANNEL_KINDS,
  LANGUAGES,
  TARGET_GROUPS,
  type ChannelEvent,
  type RoutingEvent,
  type ServiceEvent,
} from '@luotsi/service-catalogue-domain';
import { date, id, list, localized, municipality, nullable, object, oneOf, openingHours, organisation, text } from './schema-parts';

type DataOf<T extends { type: string; data: unknown }, K extends T['type']> = Extract<T, { type: K }>['data'];
const map =
  <D>(f: (d: D) => Record<string, unknown>) =>
  (data: Record<string, unknown>) =>
    f(data as unknown as D);

const source = oneOf(['county', 'suomi-fi-import', 'provider-choice']);

const exampleService = {
  serviceId: 'sosiaaliohjaus-aikuiset',
  validFrom: '2027-01-15',
  names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna', en: 'Social guidance for adults' },
  summaries: { fi: 'Neuvontaa ja ohjausta arjen ongelmissa.' },
  descriptions: { fi: 'Sosiaaliohjaaja auttaa toimeentulon, asumisen ja arjen hallinnan kysymyksissä.' },
  keywords: { fi: ['asuminen', 'toimeentulo'] },
  arrangingOrganisation: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
  producingOrganisations: [{ id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' }],
  targetGroups: ['working-age'],
  accessModes: ['appointment', 'walk-in'],
  legalBasis: [{ name: { fi: 'Sosiaalihuoltolaki' }, reference: '1301/2014' }],
  languages: ['fi', 'sv'],
  area: 'municipalities',
  municipalities: ['837'],
  channelIds: ['hervanta-sosiaaliasema'],
  source: 'county',
};

const exampleChannel = {
  channelId: 'hervanta-sosiaaliasema',
  validFrom: '2027-01-15',
  kind: 'service-point',
  names: { fi: 'Hervannan sosiaaliasema', sv: 'Hervanta socialstation' },
  descriptions: {},
  organisationId: 'pirkanmaa',
  languages: ['fi', 'sv'],
  address: { street: { fi: 'Insinöörinkatu 23' }, postalCode: '33720', postOffice: { fi: 'Tampere' }, municipalityCode: '837' },
  location: { lat: 61.4507, lon: 23.8512 },
  locationPrecision: 'address',
  phone: null,
  url: null,
  openingHours: {
    weekly: [{ day: 'mon', opens: '08:00', closes: '16:00' }],
    publicHolidays: 'closed',
    exceptions: [{ from: '2027-07-05', to: '2027-07-30', closed: true, hours: [], description: { fi: 'Kesäsulku' } }],
  },
  openingHoursText: {},
  accessibility: { features: ['step-free-access'], notes: { fi: 'Esteetön sisäänkäynti' } },
  source: 'county',
};

/**
 * The service catalogue publishes every version and withdrawal of its services and channels, and
 * each routing it counted, on `luotsi.service-catalogue.v1`, keyed by stream id (`catservice-<id>`,
 * `catchannel-<id>`, `catrouting-<id>`). A consumer (contact intake, the municipalities' feed) keeps
 * its own copy from these: a version is valid from `validFrom` until the next version of the same id
 * begins or a withdrawal takes effect. Nothing here concerns a person.
 */
export const serviceCatalogueContract: ContextContract = {
  context: 'service-catalogue',
  categories: ['catservice', 'catchannel', 'catrouting'],
  partitions: 3,
  retentionMs: -1,
  events: [
    {
      domainType: 'ServiceVersionPublished',
      name: 'service-published',
      version: 1,
      summary: 'A version of a service, valid from a date (it supersedes versions of the same service from that date on).',
      schema: object({
        serviceId: id,
        validFrom: date,
        names: localized,
        summaries: localized,
        descriptions: localized,
        keywords: object({ fi: list(text), sv: list(text), en: list(text) }, ['fi', 'sv', 'en']),
        arrangingOrganisation: organisation,
        producingOrganisations: list(organisation),
        targetGroups: list(oneOf(TARGET_GROUPS)),
        accessModes: list(oneOf(ACCESS_MODES)),
        legalBasis: list(object({ name: localized, reference: nullable(text) })),
        languages: list(oneOf(LANGUAGES)),
        area: oneOf(AREA_KINDS),
        municipalities: list(municipality),
        channelIds: list(id),
        source,
      }),
      example: exampleService,
      toPublic: map<DataOf<ServiceEvent, 'ServiceVersionPublished'>>((d) => ({
        serviceId: d.serviceId,
        validFrom: d.validFrom,
        names: d.content.names,
        summaries: d.content.summaries,
        descriptions: d.content.descriptions,
        keywords: d.content.keywords,
        arrangingOrganisation: d.content.arranger,
        producingOrganisations: d.content.producers,
        targetGroups: d.content.targetGroups,
        accessModes: d.content.accessModes,
        legalBasis: d.content.legalBasis,
        languages: d.content.languages,
        area: d.content.area,
        municipalities: d.content.municipalities,
        channelIds: d.content.channelIds,
        source: d.source,
      })),
    },
    {
      domainType: 'ServiceWithdrawn',
      name: 'service-withdrawn',
      version: 1,
      summary: 'A service is withdrawn from a date: it is not offered from then on.',
      schema: object({ serviceId: id, withdrawnFrom: date, reason: text }),
      example: { serviceId: 'sosiaaliohjaus-aikuiset', withdrawnFrom: '2027-04-01', reason: 'merged into adult social work' },
      toPublic: map<DataOf<ServiceEvent, 'ServiceWithdrawn'>>((d) => ({
        serviceId: d.serviceId,
        withdrawnFrom: d.withdrawnFrom,
        reason: d.reason,
      })),
    },
    {
      domainType: 'ChannelVersionPublished',
      name: 'channel-published',
      version: 1,
      summary: 'A version of a service channel (service point, phone, e-service, chat), valid from a date.',
      schema: object({
        channelId: id,
        validFrom: date,
        kind: oneOf(CHANNEL_KINDS),
        names: localized,
        descriptions: localized,
        organisationId: nullable(id),
        languages: list(oneOf(LANGUAGES)),
        address: nullable(
          object({
            street: localized,
            postalCode: { type: 'string', pattern: '^\\d{5}$' },
            postOffice: localized,
            municipalityCode: municipality,
          }),
        ),
        location: nullable(object({ lat: { type: 'number' }, lon: { type: 'number' } })),
        locationPrecision: nullable(oneOf(['address', 'postal-code'])),
        phone: nullable(object({ number: text, chargeInfo: localized })),
        url: nullable(text),
        openingHours: nullable(openingHours),
        openingHoursText: localized,
        accessibility: object({ features: list(oneOf(ACCESSIBILITY_FEATURES)), notes: localized }),
        source,
      }),
      example: exampleChannel,
      toPublic: map<DataOf<ChannelEvent, 'ChannelVersionPublished'>>((d) => ({
        channelId: d.channelId,
        validFrom: d.validFrom,
        kind: d.content.kind,
        names: d.content.names,
        descriptions: d.content.descriptions,
        organisationId: d.content.organisationId,
        languages: d.content.languages,
        address: d.content.address,
        location: d.content.location,
        locationPrecision: d.content.locationPrecision,
        phone: d.content.phone,
        url: d.content.url,
        openingHours: d.content.openingHours,
        openingHoursText: d.content.openingHoursText,
        accessibility: d.content.accessibility,
        source: d.source,
      })),
    },
    {
      domainType: 'ChannelWithdrawn',
      name: 'channel-withdrawn',
      version: 1,
      summary: 'A service channel is withdrawn from a date.',
      schema: object({ channelId: id, withdrawnFrom: date, reason: text }),
      example: { channelId: 'hervanta-sosiaaliasema', withdrawnFrom: '2027-04-01', reason: 'moved to Hervannan sote-keskus' },
      toPublic: map<DataOf<ChannelEvent, 'ChannelWithdrawn'>>((d) => ({
        channelId: d.channelId,
        withdrawnFrom: d.withdrawnFrom,
        reason: d.reason,
      })),
    },
    {
      domainType: 'ServiceRouted',
      name: 'service-routed',
      version: 1,
      summary: 'A contact was routed to a named service (counted for the planners); no person is named.',
      schema: object({ serviceId: id, channelId: nullable(id), municipality, routedOn: date }),
      example: { serviceId: 'sosiaaliohjaus-aikuiset', channelId: 'hervanta-sosiaaliasema', municipality: '837', routedOn: '2027-01-15' },
      toPublic: map<RoutingEvent['data']>((d) => ({
        serviceId: d.serviceId,
        channelId: d.channelId,
        municipality: d.municipality,
        routedOn: d.routedOn,
      })),
    },
  ],
};
