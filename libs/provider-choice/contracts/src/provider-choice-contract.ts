import type { ContextContract } from '@luotsi/contracts';
import type { ListingEvent, ProviderEvent, Station } from '@luotsi/provider-choice-domain';
import { date, id, nullable, object, personRef, sex, text } from './schema-parts';

type DataOf<T extends { type: string; data: unknown }, K extends T['type']> = Extract<T, { type: K }>['data'];
type Provider<K extends ProviderEvent['type']> = DataOf<ProviderEvent, K>;
type Listing<K extends ListingEvent['type']> = DataOf<ListingEvent, K>;

/**
 * The explicit domain → public mapping of each published event: every public field is named here,
 * so a field added to a domain event stays inside provider choice until someone adds it on purpose.
 */
const publicStation = (s: Station) => ({
  stationId: s.stationId, name: s.name, streetAddress: s.streetAddress, postalCode: s.postalCode, municipalityCode: s.municipalityCode,
  languages: s.languages, services: s.services, openingHours: s.openingHours, accessibility: s.accessibility,
});
const map = <D>(f: (d: D) => Record<string, unknown>) => (data: Record<string, unknown>) => f(data as unknown as D);


const station = object({
  stationId: id, name: text, streetAddress: text, postalCode: { type: 'string', pattern: '^\\d{5}$' }, municipalityCode: { type: 'string', pattern: '^\\d{3}$' },
  languages: { type: 'array', items: { enum: ['fi', 'sv', 'en'] } },
  services: { type: 'array', items: { enum: ['primary-care-reception', 'mental-health-and-substance-work', 'physiotherapy', 'social-guidance'] } },
  openingHours: text, accessibility: text,
});
const exampleStation = { stationId: 'mehilainen-hervanta', name: 'Mehiläinen Hervanta', streetAddress: 'Insinöörinkatu 23', postalCode: '33720', municipalityCode: '837', languages: ['fi', 'en'], services: ['primary-care-reception'], openingHours: 'Mon–Fri 8–18', accessibility: 'step-free entrance' };
const ref = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';

/**
 * provider-choice publishes every provider and listing change on `luotsi.provider-choice.v1`,
 * keyed by stream id (`provider-<id>`, `listing-<personRef>`). Billing, providers' systems and
 * municipalities learn listings from these events alone.
 */
export const providerChoiceContract: ContextContract = {
  context: 'provider-choice',
  categories: ['provider', 'listing'],
  partitions: 6,
  retentionMs: -1,
  events: [
    {
      domainType: 'ProviderRegistered', name: 'provider-registered', version: 1, summary: 'A provider and its stations were registered (not yet approved).',
      schema: object({ providerId: id, businessId: { type: 'string', pattern: '^\\d{7}-\\d$' }, name: text, kind: { enum: ['public', 'private'] }, stations: { type: 'array', items: station }, registeredOn: date }),
      example: { providerId: 'mehilainen', businessId: '1927400-1', name: 'Mehiläinen Oy', kind: 'private', stations: [exampleStation], registeredOn: '2026-11-23' },
      toPublic: map<Provider<'ProviderRegistered'>>((d) => ({ providerId: d.providerId, businessId: d.businessId, name: d.name, kind: d.kind, stations: d.stations.map(publicStation), registeredOn: d.registeredOn })),
    },
    {
      domainType: 'ProviderUpdated', name: 'provider-updated', version: 1, summary: 'A provider\'s name or stations changed.',
      schema: object({ providerId: id, name: text, stations: { type: 'array', items: station } }),
      example: { providerId: 'mehilainen', name: 'Mehiläinen Oy', stations: [exampleStation] },
      toPublic: map<Provider<'ProviderUpdated'>>((d) => ({ providerId: d.providerId, name: d.name, stations: d.stations.map(publicStation) })),
    },
    {
      domainType: 'ProviderApproved', name: 'provider-approved', version: 1, summary: 'The county approved a provider from a date; its stations can be chosen.',
      schema: object({ providerId: id, approvedFrom: date, decidedBy: text }),
      example: { providerId: 'mehilainen', approvedFrom: '2027-01-01', decidedBy: 'county:anna' },
      toPublic: map<Provider<'ProviderApproved'>>((d) => ({ providerId: d.providerId, approvedFrom: d.approvedFrom, decidedBy: d.decidedBy })),
    },
    {
      domainType: 'ProviderSuspended', name: 'provider-suspended', version: 1, summary: 'The county suspended a provider from a date; no new choices.',
      schema: object({ providerId: id, suspendedFrom: date, reason: text, decidedBy: text }),
      example: { providerId: 'mehilainen', suspendedFrom: '2027-03-01', reason: 'audit', decidedBy: 'county:anna' },
      toPublic: map<Provider<'ProviderSuspended'>>((d) => ({ providerId: d.providerId, suspendedFrom: d.suspendedFrom, reason: d.reason, decidedBy: d.decidedBy })),
    },
    {
      domainType: 'ProviderTerminated', name: 'provider-terminated', version: 1, summary: 'A provider was terminated; its clients return to their default station from clientsReturnFrom.',
      schema: object({ providerId: id, terminatedFrom: date, clientsReturnFrom: date, reason: text, decidedBy: text }),
      example: { providerId: 'mehilainen', terminatedFrom: '2027-03-15', clientsReturnFrom: '2027-04-01', reason: 'contract ended', decidedBy: 'county:anna' },
      toPublic: map<Provider<'ProviderTerminated'>>((d) => ({ providerId: d.providerId, terminatedFrom: d.terminatedFrom, clientsReturnFrom: d.clientsReturnFrom, reason: d.reason, decidedBy: d.decidedBy })),
    },
    {
      domainType: 'ResidentRegistered', name: 'resident-registered', version: 1, summary: 'A resident from the population register; eligible when their postal code is in the choice area.',
      schema: object({ personRef, birthDate: date, sex, postalCode: text, municipalityCode: text, residentFrom: date, eligible: { type: 'boolean' } }),
      example: { personRef: ref, birthDate: '1950-03-15', sex: 'female', postalCode: '33710', municipalityCode: '837', residentFrom: '2018-01-01', eligible: true },
      toPublic: map<Listing<'ResidentRegistered'>>((d) => ({ personRef: d.personRef, birthDate: d.birthDate, sex: d.sex, postalCode: d.postalCode, municipalityCode: d.municipalityCode, residentFrom: d.residentFrom, eligible: d.eligible })),
    },
    {
      domainType: 'ResidentMoved', name: 'resident-moved', version: 1, summary: 'A resident moved (from the population register).',
      schema: object({ personRef, movedOn: date, fromPostalCode: text, postalCode: text, municipalityCode: text, eligible: { type: 'boolean' } }),
      example: { personRef: ref, movedOn: '2026-11-10', fromPostalCode: '33710', postalCode: '33530', municipalityCode: '837', eligible: true },
      toPublic: map<Listing<'ResidentMoved'>>((d) => ({ personRef: d.personRef, movedOn: d.movedOn, fromPostalCode: d.fromPostalCode, postalCode: d.postalCode, municipalityCode: d.municipalityCode, eligible: d.eligible })),
    },
    {
      domainType: 'ResidentDied', name: 'resident-died', version: 1, summary: 'A resident died (from the population register).',
      schema: object({ personRef, diedOn: date }),
      example: { personRef: ref, diedOn: '2026-11-12' },
      toPublic: map<Listing<'ResidentDied'>>((d) => ({ personRef: d.personRef, diedOn: d.diedOn })),
    },
    {
      domainType: 'SwitchRequested', name: 'switch-requested', version: 1, summary: 'A resident asked to switch station from a month start (pending until then). Free text of the reason stays inside provider choice.',
      schema: object({
        personRef, requestId: id, stationId: id, providerId: id, effectiveFrom: date, requestedOn: date, channel: { enum: ['portal', 'phone', 'in-person'] },
        reason: text, previousMainUse: nullable({ enum: ['health-centre', 'occupational-health', 'private-clinic'] }), requestedBy: text,
      }),
      example: { personRef: ref, requestId: 'c0a8012e-0000-4000-8000-000000000001', stationId: 'mehilainen-hervanta', providerId: 'mehilainen', effectiveFrom: '2026-12-01', requestedOn: '2026-11-23', channel: 'portal', reason: 'good-location', previousMainUse: 'health-centre', requestedBy: 'resident' },
      // The free text of the reason stays inside provider choice.
      toPublic: map<Listing<'SwitchRequested'>>((d) => ({
        personRef: d.personRef, requestId: d.requestId, stationId: d.stationId, providerId: d.providerId, effectiveFrom: d.effectiveFrom, requestedOn: d.requestedOn,
        channel: d.channel, reason: d.reason, previousMainUse: d.previousMainUse, requestedBy: d.requestedBy,
      })),
    },
    {
      domainType: 'SwitchCancelled', name: 'switch-cancelled', version: 1, summary: 'A pending switch was cancelled, replaced or voided.',
      schema: object({ personRef, requestId: id, cancelledOn: date, why: { enum: ['cancelled', 'replaced', 'moved-out', 'died', 'provider-not-approved', 'erased'] }, cancelledBy: text }),
      example: { personRef: ref, requestId: 'c0a8012e-0000-4000-8000-000000000001', cancelledOn: '2026-11-30', why: 'cancelled', cancelledBy: 'resident' },
      toPublic: map<Listing<'SwitchCancelled'>>((d) => ({ personRef: d.personRef, requestId: d.requestId, cancelledOn: d.cancelledOn, why: d.why, cancelledBy: d.cancelledBy })),
    },
    {
      domainType: 'ListingStarted', name: 'listing-started', version: 1, summary: 'A resident is listed with a station from effectiveFrom, and why.',
      schema: object({
        personRef, stationId: id, providerId: id, effectiveFrom: date, reason: { enum: ['default', 'choice', 'provider-terminated', 'moved'] }, requestId: nullable(id),
        birthDate: date, sex, postalCode: text, municipalityCode: text,
      }),
      example: { personRef: ref, stationId: 'mehilainen-hervanta', providerId: 'mehilainen', effectiveFrom: '2026-12-01', reason: 'choice', requestId: 'c0a8012e-0000-4000-8000-000000000001', birthDate: '1950-03-15', sex: 'female', postalCode: '33710', municipalityCode: '837' },
      toPublic: map<Listing<'ListingStarted'>>((d) => ({
        personRef: d.personRef, stationId: d.stationId, providerId: d.providerId, effectiveFrom: d.effectiveFrom, reason: d.reason, requestId: d.requestId,
        birthDate: d.birthDate, sex: d.sex, postalCode: d.postalCode, municipalityCode: d.municipalityCode,
      })),
    },
    {
      domainType: 'ListingEnded', name: 'listing-ended', version: 1, summary: 'A listing ended; effectiveTo is its last day.',
      schema: object({ personRef, stationId: id, providerId: id, effectiveTo: date, reason: { enum: ['switched', 'moved-out', 'moved', 'died', 'provider-terminated', 'erased'] } }),
      example: { personRef: ref, stationId: 'hervanta', providerId: 'tampere', effectiveTo: '2026-11-30', reason: 'switched' },
      toPublic: map<Listing<'ListingEnded'>>((d) => ({ personRef: d.personRef, stationId: d.stationId, providerId: d.providerId, effectiveTo: d.effectiveTo, reason: d.reason })),
    },
  ],
};
