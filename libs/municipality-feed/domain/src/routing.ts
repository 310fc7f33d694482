import { Municipalities } from '@luotsi/kernel';
import { entry, type FeedEntry, type ListingEndReason, type ListingReason } from './feed-events';
import { CATALOGUE_TYPES, isCatalogueType, routeCatalogueEvent, type ServiceState } from './catalogue-routing';
import { Fields, INBOUND, UnreadableEvent, type InboundEvent } from './inbound';

/**
 * What the router keeps of a resident: only what it needs to route (the municipality) and what a
 * municipality that gains the resident needs from then on (the current listing). Built from
 * provider choice's resident and listing events; nothing else about the person is kept.
 */
export interface ResidentState {
  personRef: string;
  municipality: string | null;
  eligible: boolean;
  /** The current listing and the municipality whose feed saw it start (which then sees it end). */
  listing: { providerId: string; stationId: string; since: string; municipality: string } | null;
}

export const unknownResident = (personRef: string): ResidentState => ({ personRef, municipality: null, eligible: false, listing: null });

/** What one inbound event comes to: the resident's next state (when it changed) and the feed entries. */
export interface Routed {
  personRef: string | null;
  state: ResidentState | null;
  entries: FeedEntry[];
}

/** A mapping of one inbound type: reads its fields, routes by the resident's state or the event's own municipality. */
export interface Mapping {
  /** The personRef whose state the mapping needs (null: the event names its municipality). */
  personOf(f: Fields): string | null;
  route(f: Fields, state: ResidentState | null): Routed;
}

const municipalityCode = (f: Fields, name: string): string => {
  const code = f.text(name);
  // Validated against the classification: an unknown code is an unreadable event, not a new feed.
  if (!Municipalities.isCode(code)) throw new UnreadableEvent('municipality', name);
  return code;
};

const nothing = (personRef: string | null): Routed => ({ personRef, state: null, entries: [] });

const LISTING_REASONS = ['default', 'choice', 'provider-terminated', 'moved'] as const satisfies readonly ListingReason[];
const END_REASONS = [
  'switched',
  'moved-out',
  'moved',
  'died',
  'provider-terminated',
  'erased',
] as const satisfies readonly ListingEndReason[];
const ROUTES = ['service-need-assessment', 'named-professional', 'named-service'] as const;
const TRIGGERS = ['frequent-visits', 'missed-appointments'] as const;

/** A move (or a re-registration elsewhere): the old municipality gets the move-out, the new one the move-in and the current listing. */
function move(state: ResidentState, to: string, on: string, eligible: boolean): Routed {
  const next: ResidentState = { ...state, municipality: to, eligible };
  const from = state.municipality;
  if (from === to) return { personRef: state.personRef, state: next, entries: [] };
  const entries: FeedEntry[] = [];
  if (from) entries.push(entry(from, 'resident-moved-out', state.personRef, { personRef: state.personRef, movedOutOn: on }));
  const listing = state.listing && { providerId: state.listing.providerId, stationId: state.listing.stationId, since: state.listing.since };
  entries.push(entry(to, 'resident-moved-in', state.personRef, { personRef: state.personRef, movedInOn: on, eligible, listing }));
  // The listing goes on; from now on it is the new municipality's to see end.
  if (next.listing) next.listing = { ...next.listing, municipality: to };
  return { personRef: state.personRef, state: next, entries };
}

const byPerson = (route: (f: Fields, s: ResidentState) => Routed): Mapping => ({
  personOf: (f) => f.text('personRef'),
  route: (f, s) => route(f, s ?? unknownResident(f.text('personRef'))),
});

/** A person's event that goes to the municipality they live in now; dropped while it is unknown. */
const toCurrentMunicipality = (make: (f: Fields, s: ResidentState, m: string) => FeedEntry): Mapping =>
  byPerson((f, s) =>
    s.municipality ? { personRef: s.personRef, state: null, entries: [make(f, s, s.municipality)] } : nothing(s.personRef),
  );

/**
 * The mapping table: inbound CloudEvent type → how it reaches the municipalities' feeds. Adding a
 * context's event is one entry here, one type in feed-events.ts and its schema in the contracts.
 */
export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  [INBOUND.residentRegistered]: byPerson((f, s) => {
    const to = municipalityCode(f, 'municipalityCode');
    const residentFrom = f.date('residentFrom');
    const eligible = f.bool('eligible');
    if (s.municipality && s.municipality !== to) return move(s, to, residentFrom, eligible);
    if (s.municipality === to) return { personRef: s.personRef, state: { ...s, eligible }, entries: [] };
    return {
      personRef: s.personRef,
      state: { ...s, municipality: to, eligible },
      entries: [entry(to, 'resident-registered', s.personRef, { personRef: s.personRef, residentFrom, eligible })],
    };
  }),
  [INBOUND.residentMoved]: byPerson((f, s) => move(s, municipalityCode(f, 'municipalityCode'), f.date('movedOn'), f.bool('eligible'))),
  [INBOUND.residentDied]: toCurrentMunicipality((f, s, m) =>
    entry(m, 'resident-died', s.personRef, { personRef: s.personRef, diedOn: f.date('diedOn') }),
  ),
  [INBOUND.listingStarted]: byPerson((f, s) => {
    // The listing event names the municipality too; the resident's own events are the authority, this a fallback.
    const m = s.municipality ?? municipalityCode(f, 'municipalityCode');
    const data = {
      personRef: s.personRef,
      providerId: f.text('providerId'),
      stationId: f.text('stationId'),
      effectiveFrom: f.date('effectiveFrom'),
      reason: f.oneOf('reason', LISTING_REASONS),
    };
    return {
      personRef: s.personRef,
      state: {
        ...s,
        municipality: m,
        listing: { providerId: data.providerId, stationId: data.stationId, since: data.effectiveFrom, municipality: m },
      },
      entries: [entry(m, 'listing-started', s.personRef, data)],
    };
  }),
  [INBOUND.listingEnded]: byPerson((f, s) => {
    // To the municipality that saw the listing start (the one the resident may have just left).
    const m = s.listing?.municipality ?? s.municipality;
    if (!m) return nothing(s.personRef);
    const data = {
      personRef: s.personRef,
      providerId: f.text('providerId'),
      stationId: f.text('stationId'),
      effectiveTo: f.date('effectiveTo'),
      reason: f.oneOf('reason', END_REASONS),
    };
    const same = s.listing && s.listing.providerId === data.providerId && s.listing.stationId === data.stationId;
    return {
      personRef: s.personRef,
      state: same ? { ...s, listing: null } : null,
      entries: [entry(m, 'listing-ended', s.personRef, data)],
    };
  }),
  [INBOUND.serviceRecorded]: toCurrentMunicipality((f, _s, m) =>
    entry(m, 'service-delivered', f.text('providerId'), {
      providerId: f.text('providerId'),
      stationId: f.text('stationId'),
      serviceType: f.text('serviceType'),
      date: f.date('date'),
      noShow: f.bool('noShow'),
    }),
  ),
  [INBOUND.clientFeeCharged]: toCurrentMunicipality((f, _s, m) =>
    entry(m, 'client-fee-collected', 'client-fees', {
      date: f.date('date'),
      serviceType: f.text('serviceType'),
      chargedCents: f.int('chargedCents'),
      countsTowardCap: f.bool('countsTowardCap'),
    }),
  ),
  [INBOUND.planRequested]: {
    // The contact names its municipality: routed by it, no resident state needed.
    personOf: () => null,
    route: (f) => {
      const m = municipalityCode(f, 'municipality');
      const personRef = f.text('personRef');
      return {
        personRef: null,
        state: null,
        entries: [
          entry(m, 'client-plan-requested', personRef, {
            contactId: f.text('contactId'),
            personRef,
            route: f.oneOf('route', ROUTES),
            requestedOn: f.date('requestedOn'),
          }),
        ],
      };
    },
  },
  [INBOUND.heavyUserFlagged]: toCurrentMunicipality((f, s, m) =>
    entry(m, 'frequent-contact-flagged', s.personRef, {
      personRef: s.personRef,
      trigger: f.oneOf('trigger', TRIGGERS),
      flaggedOn: f.date('flaggedOn'),
    }),
  ),
  [INBOUND.planCreated]: planStatus(),
  [INBOUND.planStatusChanged]: planStatus(),
  // A completed plan replaced by a new version (draft, version + 1): the same headline, a new version.
  [INBOUND.planVersionStarted]: planStatus(),
};

/** A plan names its municipality when it has one; otherwise it goes where the person lives. */
function planStatus(): Mapping {
  return byPerson((f, s) => {
    const named = f.textOrNull('municipality');
    const m = named !== null ? municipalityCode(f, 'municipality') : s.municipality;
    if (!m) return nothing(s.personRef);
    return {
      personRef: s.personRef,
      state: null,
      entries: [
        entry(m, 'client-plan-status', s.personRef, {
          planId: f.text('planId'),
          personRef: s.personRef,
          status: f.text('status'),
          responsibleOrganisation: f.text('responsibleOrganisation'),
          version: f.int('version'),
        }),
      ],
    };
  });
}

/** The inbound types the feed maps; anything else on the consumed topics is not for municipalities. */
export const mappedTypes = (): readonly string[] => [...Object.keys(MAPPINGS), ...CATALOGUE_TYPES];

/** Routes one event against the resident's current state (pure: the caller loads and stores the state). */
export function route(event: InboundEvent, stateOf: (personRef: string) => ResidentState | null): Routed {
  const mapping = MAPPINGS[event.type];
  if (!mapping) return nothing(null);
  const f = new Fields(event);
  const personRef = mapping.personOf(f);
  return mapping.route(f, personRef === null ? null : stateOf(personRef));
}

/** The personRef an event's mapping needs state for (to load states for a batch in one query). */
export function personOf(event: InboundEvent): string | null {
  const mapping = MAPPINGS[event.type];
  if (!mapping) return null;
  try {
    return mapping.personOf(new Fields(event));
  } catch {
    return null;
  }
}

/**
 * Routes a batch in order, threading each resident's (and each catalogue service's) state through
 * it: the states to store and the entries to append, plus the events that could not be read (to
 * dead-letter).
 */
export function routeBatch(
  events: readonly InboundEvent[],
  loaded: ReadonlyMap<string, ResidentState>,
  loadedServices: ReadonlyMap<string, ServiceState> = new Map(),
): {
  states: Map<string, ResidentState>;
  services: Map<string, ServiceState>;
  entries: Array<{ source: InboundEvent; entries: FeedEntry[] }>;
  unreadable: Array<{ event: InboundEvent; error: UnreadableEvent }>;
} {
  const states = new Map<string, ResidentState>();
  const services = new Map<string, ServiceState>();
  const entries: Array<{ source: InboundEvent; entries: FeedEntry[] }> = [];
  const unreadable: Array<{ event: InboundEvent; error: UnreadableEvent }> = [];
  const stateOf = (p: string) => states.get(p) ?? loaded.get(p) ?? null;
  const serviceStateOf = (id: string) => services.get(id) ?? loadedServices.get(id) ?? null;
  for (const event of events) {
    try {
      if (isCatalogueType(event.type)) {
        const routed = routeCatalogueEvent(event, serviceStateOf);
        services.set(routed.state.serviceId, routed.state);
        if (routed.entries.length > 0) entries.push({ source: event, entries: routed.entries });
        continue;
      }
      const routed = route(event, stateOf);
      if (routed.state) states.set(routed.state.personRef, routed.state);
      if (routed.entries.length > 0) entries.push({ source: event, entries: routed.entries });
    } catch (error) {
      if (error instanceof UnreadableEvent) unreadable.push({ event, error });
      else throw error;
    }
  }
  return { states, services, entries, unreadable };
}
