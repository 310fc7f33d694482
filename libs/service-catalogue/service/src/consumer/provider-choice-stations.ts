import { DomainError, LocalDate } from '@luotsi/kernel';
import {
  checkId,
  postalCodePoint,
  WEEKDAYS,
  type ChannelCommand,
  type LocalizedText,
  type ServiceCommand,
} from '@luotsi/service-catalogue-domain';

/**
 * Provider choice's public events as the catalogue reads them (a tolerant reader, the catalogue's
 * own types written from the published contract; no code of provider choice is imported). Each
 * station becomes a service point `pc-<stationId>`, and each kind of service a provider's stations
 * offer becomes a service `pc-<providerId>--<kind>` listing them, so residents and guidance find
 * the provider's stations beside the county's other services without anyone copying them by hand.
 */
export const PROVIDER_CHOICE_EVENT_TYPES = {
  providerRegistered: 'fi.luotsi.provider-choice.provider-registered.v1',
  providerUpdated: 'fi.luotsi.provider-choice.provider-updated.v1',
  providerTerminated: 'fi.luotsi.provider-choice.provider-terminated.v1',
} as const;

export interface StationV1 {
  stationId: string;
  name: string;
  streetAddress: string;
  postalCode: string;
  municipalityCode: string;
  languages: string[];
  services: string[];
  openingHours: string;
  accessibility: string;
}

export type ProviderChoiceFacts =
  | { kind: 'stations'; providerId: string; name: string; providerKind: 'public' | 'private' | null; stations: StationV1[] }
  | { kind: 'terminated'; providerId: string; terminatedFrom: LocalDate };

type Data = Record<string, unknown>;
const invalid = (type: string, field: string): never => {
  throw new DomainError('INVALID_PUBLIC_EVENT', `${type}: ${field} is missing or malformed`, { type, field }, 'validation');
};
const text = (type: string, d: Data, field: string, max = 300): string => {
  const v = d[field];
  return typeof v === 'string' && v.length <= max ? v : invalid(type, field);
};

/** A CloudEvent of provider choice → the facts the catalogue needs, or null for events it has no use for. */
export function readProviderChoiceEvent(event: { type: string; data: unknown }): ProviderChoiceFacts | null {
  const t = PROVIDER_CHOICE_EVENT_TYPES;
  if (!(Object.values(t) as string[]).includes(event.type)) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const providerId = text(event.type, d, 'providerId', 100);
  if (event.type === t.providerTerminated) {
    const from = d['terminatedFrom'];
    return {
      kind: 'terminated',
      providerId,
      terminatedFrom: LocalDate.isValid(from as string) ? (from as LocalDate) : invalid(event.type, 'terminatedFrom'),
    };
  }
  const stations = Array.isArray(d['stations']) ? (d['stations'] as unknown[]) : invalid(event.type, 'stations');
  const kind = d['kind'] === 'public' || d['kind'] === 'private' ? d['kind'] : null;
  return {
    kind: 'stations',
    providerId,
    name: text(event.type, d, 'name'),
    providerKind: kind,
    stations: stations.map((s) => {
      const x = (s && typeof s === 'object' ? s : {}) as Data;
      const list = (field: string) =>
        Array.isArray(x[field]) && (x[field] as unknown[]).every((v) => typeof v === 'string')
          ? (x[field] as string[])
          : invalid(event.type, `stations.${field}`);
      return {
        stationId: text(event.type, x, 'stationId', 100),
        name: text(event.type, x, 'name'),
        streetAddress: text(event.type, x, 'streetAddress'),
        postalCode: text(event.type, x, 'postalCode', 5),
        municipalityCode: text(event.type, x, 'municipalityCode', 3),
        languages: list('languages'),
        services: list('services'),
        openingHours: text(event.type, x, 'openingHours', 500),
        accessibility: text(event.type, x, 'accessibility', 2000),
      };
    }),
  };
}

/** Provider choice's station services, named in the catalogue's three languages, with the law each rests on. */
const STATION_SERVICES: Record<string, { names: LocalizedText; law: { name: LocalizedText; reference: string }; accessModes: string[] }> = {
  'primary-care-reception': {
    names: { fi: 'Terveysaseman vastaanotto', sv: 'Mottagning vid hälsostation', en: 'Health station reception' },
    law: { name: { fi: 'Terveydenhuoltolaki', sv: 'Hälso- och sjukvårdslag', en: 'Health Care Act' }, reference: '1326/2010' },
    accessModes: ['appointment'],
  },
  'mental-health-and-substance-work': {
    names: { fi: 'Mielenterveys- ja päihdetyö', sv: 'Mentalvårds- och missbrukararbete', en: 'Mental health and substance abuse services' },
    law: { name: { fi: 'Terveydenhuoltolaki', sv: 'Hälso- och sjukvårdslag', en: 'Health Care Act' }, reference: '1326/2010' },
    accessModes: ['appointment'],
  },
  physiotherapy: {
    names: { fi: 'Fysioterapia', sv: 'Fysioterapi', en: 'Physiotherapy' },
    law: { name: { fi: 'Terveydenhuoltolaki', sv: 'Hälso- och sjukvårdslag', en: 'Health Care Act' }, reference: '1326/2010' },
    accessModes: ['appointment', 'referral'],
  },
  'social-guidance': {
    names: { fi: 'Sosiaaliohjaus', sv: 'Socialhandledning', en: 'Social guidance' },
    law: { name: { fi: 'Sosiaalihuoltolaki', sv: 'Socialvårdslag', en: 'Social Welfare Act' }, reference: '1301/2014' },
    accessModes: ['appointment'],
  },
};

const DAYS: Record<string, number> = {
  mon: 0,
  tue: 1,
  wed: 2,
  thu: 3,
  fri: 4,
  sat: 5,
  sun: 6,
  ma: 0,
  ti: 1,
  ke: 2,
  to: 3,
  pe: 4,
  la: 5,
  su: 6,
};
const SEGMENT = /^([a-z]{2,3})(?:\s*[–-]\s*([a-z]{2,3}))?\s+(\d{1,2})(?:[:.](\d{2}))?\s*[–-]\s*(\d{1,2})(?:[:.](\d{2}))?$/;

/**
 * Station hours as provider choice states them ("Mon–Fri 8–18", "ma–pe 8–16, la 10–14") read into
 * weekly hours; hours in any other wording are kept as text and the point is not found by "open now".
 */
export function parseStationHours(
  text: string,
): { weekly: Array<{ day: string; opens: string; closes: string }>; publicHolidays: 'closed'; exceptions: [] } | null {
  const weekly: Array<{ day: string; opens: string; closes: string }> = [];
  for (const part of text
    .toLowerCase()
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = SEGMENT.exec(part);
    if (!m) return null;
    const from = DAYS[m[1]!];
    const to = m[2] === undefined ? from : DAYS[m[2]];
    if (from === undefined || to === undefined || to < from) return null;
    const time = (h: string, min: string | undefined) => `${h.padStart(2, '0')}:${min ?? '00'}`;
    for (let d = from; d <= to; d++) weekly.push({ day: WEEKDAYS[d]!, opens: time(m[3]!, m[4]), closes: time(m[5]!, m[6]) });
  }
  return weekly.length > 0 ? { weekly, publicHolidays: 'closed', exceptions: [] } : null;
}

export const stationChannelId = (stationId: string) => `pc-${stationId}`;
export const stationServiceId = (providerId: string, service: string) => `pc-${providerId}--${service}`;

const COUNTY = {
  id: 'county',
  name: { fi: 'Hyvinvointialue', sv: 'Välfärdsområdet', en: 'Wellbeing services county' },
  kind: 'county' as const,
};

/**
 * The catalogue's commands for a provider's stations: a version of each station's point and each
 * service from today, and withdrawals of the points and services it no longer lists (or all of them
 * from its termination). Versions that say what the catalogue already holds write nothing.
 */
export function commandsForProvider(
  facts: ProviderChoiceFacts,
  held: { channelIds: string[]; serviceIds: string[]; producerKind: string | null },
  today: LocalDate,
): { channels: ChannelCommand[]; services: ServiceCommand[] } {
  const base = { source: 'provider-choice' as const, today };
  if (facts.kind === 'terminated') {
    const from = LocalDate.max(facts.terminatedFrom, today);
    const reason = 'provider terminated in provider choice';
    return {
      channels: held.channelIds.map((channelId) => ({
        type: 'WithdrawChannel',
        channelId,
        from,
        reason,
        withdrawnBy: 'system:provider-choice',
        ...base,
      })),
      services: held.serviceIds.map((serviceId) => ({
        type: 'WithdrawService',
        serviceId,
        from,
        reason,
        withdrawnBy: 'system:provider-choice',
        ...base,
      })),
    };
  }
  const channels: ChannelCommand[] = [];
  const offered = new Map<string, { stations: StationV1[] }>();
  for (const s of facts.stations) {
    const channelId = stationChannelId(s.stationId);
    checkId('stationId', channelId);
    const structured = parseStationHours(s.openingHours);
    const location = postalCodePoint(s.postalCode);
    channels.push({
      type: 'PublishChannelVersion',
      channelId,
      validFrom: today,
      publishedBy: 'system:provider-choice',
      ...base,
      content: {
        kind: 'service-point',
        names: { fi: s.name },
        organisationId: facts.providerId,
        languages: s.languages.filter((l) => ['fi', 'sv', 'en'].includes(l)),
        address: { street: { fi: s.streetAddress }, postalCode: s.postalCode, postOffice: {}, municipalityCode: s.municipalityCode },
        // Stations come with a postal code only: the point is its area's centre, and says so.
        location,
        locationPrecision: location ? 'postal-code' : null,
        openingHours: structured,
        openingHoursText: structured ? {} : { fi: s.openingHours },
        accessibility: {
          features: /step-free|esteetön/i.test(s.accessibility) ? ['step-free-access'] : [],
          notes: s.accessibility ? { fi: s.accessibility } : {},
        },
      },
    });
    for (const service of s.services)
      if (STATION_SERVICES[service]) (offered.get(service) ?? offered.set(service, { stations: [] }).get(service)!).stations.push(s);
  }
  const services: ServiceCommand[] = [...offered].map(([service, { stations }]) => {
    const spec = STATION_SERVICES[service]!;
    const producer = {
      id: facts.providerId,
      name: { fi: facts.name },
      kind:
        // provider-updated does not repeat the kind: the one the catalogue holds stands.
        (facts.providerKind ?? (held.producerKind === 'private' ? 'private' : 'public')) === 'private'
          ? ('private' as const)
          : ('county' as const),
    };
    return {
      type: 'PublishServiceVersion',
      serviceId: stationServiceId(facts.providerId, service),
      validFrom: today,
      publishedBy: 'system:provider-choice',
      ...base,
      content: {
        names: Object.fromEntries(Object.entries(spec.names).map(([l, n]) => [l, `${n} – ${facts.name}`])),
        keywords: { fi: ['oma asema', 'valinnanvapaus'], sv: ['valfrihet'], en: ['provider choice'] },
        arranger: COUNTY,
        producers: [producer],
        targetGroups: ['everyone'],
        accessModes: spec.accessModes,
        legalBasis: [spec.law],
        languages: [...new Set(stations.flatMap((s) => s.languages))].filter((l) => ['fi', 'sv', 'en'].includes(l)),
        area: 'municipalities',
        municipalities: [...new Set(stations.map((s) => s.municipalityCode))],
        channelIds: stations.map((s) => stationChannelId(s.stationId)),
      },
    };
  });
  const listed = new Set(channels.map((c) => c.channelId));
  const listedServices = new Set(services.map((s) => s.serviceId));
  const reason = 'no longer listed by the provider in provider choice';
  for (const channelId of held.channelIds.filter((c) => !listed.has(c)))
    channels.push({ type: 'WithdrawChannel', channelId, from: today, reason, withdrawnBy: 'system:provider-choice', ...base });
  for (const serviceId of held.serviceIds.filter((s) => !listedServices.has(s)))
    services.push({ type: 'WithdrawService', serviceId, from: today, reason, withdrawnBy: 'system:provider-choice', ...base });
  return { channels, services };
}
