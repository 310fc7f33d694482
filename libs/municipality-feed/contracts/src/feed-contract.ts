import type { FeedEventData, FeedEventName } from '@luotsi/municipality-feed-domain';
import { FEED_EVENT_NAMES } from '@luotsi/municipality-feed-domain';

/**
 * The municipalities' feed on Kafka: one topic per municipality, `luotsi.municipality.<code>.v1`,
 * carrying only that municipality's residents' events in its own minimised contract. ACLs stop at
 * topics, so a topic per municipality is what lets the broker keep municipalities apart.
 */
export const feedTopicOf = (code: string): string => `luotsi.municipality.${code}.v1`;
/** Where a municipality's own consumer puts what it cannot apply (its principal may write there). */
export const feedDeadLetterTopicOf = (code: string): string => `${feedTopicOf(code)}.dlq`;
/** A municipality's consumer groups start with this (its principal may use no other group). */
export const feedGroupPrefixOf = (code: string): string => `municipality-${code}.`;
/** The event store stream of one municipality's feed: its revision + 1 is the feed position. */
export const feedStreamOf = (code: string): string => `municipalityfeed-${code}`;
export const FEED_CATEGORY = 'municipalityfeed';
export const FEED_SOURCE = '/luotsi/municipality-feed';
export const FEED_VERSION = 1;
export const feedEventType = (name: FeedEventName, version = FEED_VERSION): string => `fi.luotsi.municipality.${name}.v${version}`;
/** The `dataschema` of an event type: a versioned JSON schema, served at GET /feeds/schemas/<name>/v<n>.json. */
export const dataSchemaOf = (name: FeedEventName, version = FEED_VERSION): string =>
  `https://schemas.luotsi.fi/municipality-feed/${name}/v${version}.json`;

/**
 * Retention of the municipality topics: 30 days by default (RuntimeConfig.municipalityFeedRetentionDays).
 * Not forever: a subscriber that was away longer replays from the event store over HTTP.
 */
export const DEFAULT_FEED_RETENTION_DAYS = 30;

type Schema = Record<string, unknown>;
const text: Schema = { type: 'string', minLength: 1, maxLength: 200 };
const date: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, Europe/Helsinki' };
const personRef: Schema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'Pseudonymous person reference (never an identity code)',
};
const object = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({
  type: 'object',
  required,
  properties,
});

const serviceId: Schema = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
  description: 'The service catalogue’s id of the service (its page: GET /services/{serviceId})',
};
const serviceVersion = (): Schema =>
  object({
    serviceId,
    validFrom: {
      ...date,
      description: 'The version applies from this day (YYYY-MM-DD, Europe/Helsinki) until a later event about the service',
    },
    names: object({ fi: text, sv: text, en: text }, []),
    channelIds: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' },
      description: 'The catalogue’s channels of the service (each: GET /service-channels/{channelId})',
    },
    basis: {
      type: 'array',
      minItems: 1,
      items: { enum: ['area', 'arranger', 'producer'] },
      description: 'Why the service is this municipality’s: offered in its area, arranged by it, produced by it',
    },
  });
const serviceExample = {
  serviceId: 'sosiaaliohjaus-aikuiset',
  validFrom: '2027-01-15',
  names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna', en: 'Social guidance for adults' },
  channelIds: ['hervanta-sosiaaliasema'],
  basis: ['area' as const],
};

export interface FeedEventDefinition<N extends FeedEventName = FeedEventName> {
  name: N;
  version: number;
  summary: string;
  schema: Schema;
  example: FeedEventData[N];
}

const def = <N extends FeedEventName>(d: FeedEventDefinition<N>): FeedEventDefinition<N> => d;

/** Every event type of the feed with its JSON schema (the published versions are in ../schemas). */
export const FEED_EVENTS: { [N in FeedEventName]: FeedEventDefinition<N> } = {
  'resident-registered': def({
    name: 'resident-registered',
    version: 1,
    summary: 'A resident of the municipality entered the register of the choice area.',
    schema: object({ personRef, residentFrom: date, eligible: { type: 'boolean' } }),
    example: { personRef: 'p-3f0c', residentFrom: '2018-01-01', eligible: true },
  }),
  'resident-moved-in': def({
    name: 'resident-moved-in',
    version: 1,
    summary: 'A resident moved into the municipality, with the listing they bring (the state needed from now on).',
    schema: object({
      personRef,
      movedInOn: date,
      eligible: { type: 'boolean' },
      listing: { oneOf: [{ type: 'null' }, object({ providerId: text, stationId: text, since: date })] },
    }),
    example: {
      personRef: 'p-3f0c',
      movedInOn: '2027-02-10',
      eligible: true,
      listing: { providerId: 'tampere', stationId: 'hervanta', since: '2026-01-01' },
    },
  }),
  'resident-moved-out': def({
    name: 'resident-moved-out',
    version: 1,
    summary: 'A resident moved out of the municipality (where to is not the old municipality’s business).',
    schema: object({ personRef, movedOutOn: date }),
    example: { personRef: 'p-3f0c', movedOutOn: '2027-02-10' },
  }),
  'resident-died': def({
    name: 'resident-died',
    version: 1,
    summary: 'A resident died.',
    schema: object({ personRef, diedOn: date }),
    example: { personRef: 'p-3f0c', diedOn: '2027-05-01' },
  }),
  'listing-started': def({
    name: 'listing-started',
    version: 1,
    summary: 'A resident is listed with a station from effectiveFrom, and why (choice = a switch).',
    schema: object({
      personRef,
      providerId: text,
      stationId: text,
      effectiveFrom: date,
      reason: { enum: ['default', 'choice', 'provider-terminated', 'moved'] },
    }),
    example: {
      personRef: 'p-3f0c',
      providerId: 'mehilainen',
      stationId: 'mehilainen-hervanta',
      effectiveFrom: '2027-03-01',
      reason: 'choice',
    },
  }),
  'listing-ended': def({
    name: 'listing-ended',
    version: 1,
    summary: 'A listing ended; effectiveTo is its last day.',
    schema: object({
      personRef,
      providerId: text,
      stationId: text,
      effectiveTo: date,
      reason: { enum: ['switched', 'moved-out', 'moved', 'died', 'provider-terminated', 'erased'] },
    }),
    example: { personRef: 'p-3f0c', providerId: 'tampere', stationId: 'hervanta', effectiveTo: '2027-02-28', reason: 'switched' },
  }),
  'service-delivered': def({
    name: 'service-delivered',
    version: 1,
    summary: 'A provider delivered (or the resident missed) a service to a resident of the municipality; no person named.',
    schema: object({ providerId: text, stationId: text, serviceType: text, date, noShow: { type: 'boolean' } }),
    example: { providerId: 'mehilainen', stationId: 'mehilainen-hervanta', serviceType: 'doctor-visit', date: '2027-03-09', noShow: false },
  }),
  'client-fee-collected': def({
    name: 'client-fee-collected',
    version: 1,
    summary: 'A client fee was charged to a resident of the municipality; no person named.',
    schema: object({ date, serviceType: text, chargedCents: { type: 'integer', minimum: 0 }, countsTowardCap: { type: 'boolean' } }),
    example: { date: '2027-03-09', serviceType: 'doctor-visit', chargedCents: 2390, countsTowardCap: true },
  }),
  'client-plan-requested': def({
    name: 'client-plan-requested',
    version: 1,
    summary: 'A contact was routed on and asks for a client plan (contact intake).',
    schema: object({
      contactId: text,
      personRef,
      route: { enum: ['service-need-assessment', 'named-professional', 'named-service'] },
      requestedOn: date,
    }),
    example: { contactId: 'c-1', personRef: 'p-3f0c', route: 'service-need-assessment', requestedOn: '2027-03-01' },
  }),
  'frequent-contact-flagged': def({
    name: 'frequent-contact-flagged',
    version: 1,
    summary: 'A resident was flagged for frequent visits or missed appointments (contact intake).',
    schema: object({ personRef, trigger: { enum: ['frequent-visits', 'missed-appointments'] }, flaggedOn: date }),
    example: { personRef: 'p-3f0c', trigger: 'frequent-visits', flaggedOn: '2027-03-02' },
  }),
  'client-plan-status': def({
    name: 'client-plan-status',
    version: 1,
    summary: 'A client plan was created or changed status (client plans).',
    schema: object({ planId: text, personRef, status: text, responsibleOrganisation: text, version: { type: 'integer', minimum: 1 } }),
    example: { planId: 'pl-1', personRef: 'p-3f0c', status: 'active', responsibleOrganisation: 'pirkanmaa', version: 2 },
  }),
  'service-published': def({
    name: 'service-published',
    version: 1,
    summary: 'A service of the catalogue became the municipality’s (offered in its area, or arranged or produced by it), from validFrom.',
    schema: serviceVersion(),
    example: serviceExample,
  }),
  'service-changed': def({
    name: 'service-changed',
    version: 1,
    summary:
      'A new version of a service the municipality already holds, from validFrom (it supersedes what was sent before from that day).',
    schema: serviceVersion(),
    example: { ...serviceExample, validFrom: '2027-03-01', channelIds: ['hervanta-sosiaaliasema', 'sosiaaliohjaus-puhelin'] },
  }),
  'service-withdrawn': def({
    name: 'service-withdrawn',
    version: 1,
    summary:
      'A service is no longer the municipality’s from withdrawnFrom: withdrawn from the catalogue, or its new version no longer concerns the municipality.',
    schema: object({
      serviceId,
      withdrawnFrom: { ...date, description: 'The first day the service is not the municipality’s (YYYY-MM-DD, Europe/Helsinki)' },
      reason: { enum: ['withdrawn', 'no-longer-concerns-municipality'] },
    }),
    example: { serviceId: 'sosiaaliohjaus-aikuiset', withdrawnFrom: '2027-04-01', reason: 'withdrawn' },
  }),
};

/** The schema document of a type as published: the JSON schema with its `$id` (the dataschema URI). */
export function publishedSchemaOf(name: FeedEventName): Schema {
  const d = FEED_EVENTS[name];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: dataSchemaOf(name, d.version),
    title: feedEventType(name, d.version),
    description: d.summary,
    ...d.schema,
  };
}

export const feedEventNames = (): readonly FeedEventName[] => FEED_EVENT_NAMES;
