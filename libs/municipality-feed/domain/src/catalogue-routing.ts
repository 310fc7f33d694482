import { Municipalities } from '@luotsi/kernel';
import { entry, type FeedEntry, type ServiceBasis, type ServiceVersionData } from './feed-events';
import { Fields, INBOUND, UnreadableEvent, type InboundEvent } from './inbound';

/**
 * The service catalogue's services in the municipalities' feeds. A service is a municipality's own
 * business when the catalogue's version says so in fields it publishes:
 *
 * - its area is `municipalities` and lists the municipality's code (a county-wide or nationwide
 *   service is the county's or the state's, and goes to no municipality's feed);
 * - its arranging organisation, or one of its producing organisations, is of kind `municipality`
 *   and its id is that municipality's code. The catalogue's event names an organisation only by id
 *   and kind; an id that is not a municipality code (a Suomi.fi organisation's uuid) cannot be tied
 *   to a municipality from the event, so it routes nothing.
 *
 * The router keeps per service only the municipalities its latest version went to, so a new
 * version that no longer concerns one of them gives that one a `service-withdrawn`.
 */
export interface ServiceState {
  serviceId: string;
  /** The municipalities that hold the service now (sent its latest version), sorted. */
  municipalities: string[];
}

/** What one catalogue event comes to: the service's next state and the feed entries. */
export interface RoutedService {
  state: ServiceState;
  entries: FeedEntry[];
}

export const CATALOGUE_TYPES: readonly string[] = [INBOUND.servicePublished, INBOUND.serviceWithdrawn];
export const isCatalogueType = (type: string): boolean => CATALOGUE_TYPES.includes(type);

/** The catalogue's ids (what its own schema allows): a service or channel id the feed passes on as it is. */
const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const id = (value: string, field: string): string => {
  if (!ID.test(value)) throw new UnreadableEvent(INBOUND.servicePublished, field);
  return value;
};

const code = (name: string, value: string): string => {
  // A listed code outside the classification makes the event unreadable (as a resident's would):
  // the service is dead-lettered whole rather than sent to some of its municipalities.
  if (!Municipalities.isCode(value)) throw new UnreadableEvent(INBOUND.servicePublished, name);
  return value;
};

/** A municipality organisation named by its code, or null (any other kind or id routes nothing). */
const municipalityOf = (org: Fields): string | null => {
  const kind = org.text('kind');
  const id = org.text('id');
  return kind === 'municipality' && Municipalities.isCode(id) ? id : null;
};

/**
 * The municipalities a service version is the business of, each with why (pure). Reads only the
 * fields the rule needs: `area`, `municipalities`, `arrangingOrganisation`, `producingOrganisations`.
 */
export function concernedMunicipalities(f: Fields): Map<string, ServiceBasis[]> {
  const concerned = new Map<string, ServiceBasis[]>();
  const add = (m: string, basis: ServiceBasis) => {
    const list = concerned.get(m) ?? [];
    if (!list.includes(basis)) list.push(basis);
    concerned.set(m, list);
  };
  if (f.text('area') === 'municipalities') f.texts('municipalities').forEach((m, i) => add(code(`municipalities[${i}]`, m), 'area'));
  const arranger = municipalityOf(f.object('arrangingOrganisation'));
  if (arranger) add(arranger, 'arranger');
  for (const producer of f.objects('producingOrganisations')) {
    const m = municipalityOf(producer);
    if (m) add(m, 'producer');
  }
  return new Map([...concerned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The names a municipality's systems show: fi, sv and en where the catalogue has them (at least one). */
function names(f: Fields): ServiceVersionData['names'] {
  const n = f.object('names');
  const out: ServiceVersionData['names'] = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const v = n.textOrNull(lang);
    if (v !== null) out[lang] = v;
  }
  if (Object.keys(out).length === 0) throw new UnreadableEvent(INBOUND.servicePublished, 'names');
  return out;
}

/**
 * A new version: each municipality it concerns gets `service-published` (new to it) or
 * `service-changed` (it held the service), valid from the version's date; each municipality that
 * held the service and is no longer concerned gets `service-withdrawn` from that same date.
 */
function routeVersion(f: Fields, before: ServiceState | null): RoutedService {
  const serviceId = id(f.text('serviceId'), 'serviceId');
  const validFrom = f.date('validFrom');
  const channelIds = f.texts('channelIds').map((c, i) => id(c, `channelIds[${i}]`));
  const version = { names: names(f), channelIds: [...new Set(channelIds)].sort() };
  const concerned = concernedMunicipalities(f);
  const held = new Set(before?.municipalities ?? []);
  const entries: FeedEntry[] = [];
  for (const [m, basis] of concerned)
    entries.push(entry(m, held.has(m) ? 'service-changed' : 'service-published', serviceId, { serviceId, validFrom, ...version, basis }));
  for (const m of held)
    if (!concerned.has(m))
      entries.push(
        entry(m, 'service-withdrawn', serviceId, { serviceId, withdrawnFrom: validFrom, reason: 'no-longer-concerns-municipality' }),
      );
  return { state: { serviceId, municipalities: [...concerned.keys()] }, entries };
}

/** A withdrawal: every municipality that holds the service gets `service-withdrawn`; none holds it after. */
function routeWithdrawal(f: Fields, before: ServiceState | null): RoutedService {
  const serviceId = f.text('serviceId');
  const withdrawnFrom = f.date('withdrawnFrom');
  const entries = (before?.municipalities ?? []).map((m) =>
    entry(m, 'service-withdrawn', serviceId, { serviceId, withdrawnFrom, reason: 'withdrawn' as const }),
  );
  return { state: { serviceId, municipalities: [] }, entries };
}

/** The service a catalogue event is about (to load its state), or null when it cannot be read. */
export function serviceOf(event: InboundEvent): string | null {
  if (!isCatalogueType(event.type)) return null;
  try {
    return new Fields(event).text('serviceId');
  } catch {
    return null;
  }
}

/** Routes one catalogue event against the service's state (pure: the caller loads and stores it). */
export function routeCatalogueEvent(event: InboundEvent, stateOf: (serviceId: string) => ServiceState | null): RoutedService {
  const f = new Fields(event);
  const before = stateOf(f.text('serviceId'));
  return event.type === INBOUND.servicePublished ? routeVersion(f, before) : routeWithdrawal(f, before);
}
