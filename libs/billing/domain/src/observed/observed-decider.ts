import { assertNever, type Decider, type LocalDate, type PersonRef, type Sex } from '@luotsi/kernel';

/**
 * What billing learned from provider choice's topic, kept in billing's own log so that every billing
 * read model — and so every settlement — can be rebuilt from billing's log alone. `sourceEventId`
 * is the public event's id: the same delivery again records nothing.
 */
export type ProviderObserved = { type: 'ProviderObserved'; data: { providerId: string; stationIds: string[]; sourceEventId: string } };
export type ListingStartedObserved = {
  type: 'ListingObserved';
  data: {
    kind: 'started';
    personRef: PersonRef;
    providerId: string;
    stationId: string;
    effectiveFrom: LocalDate;
    birthDate: LocalDate;
    sex: Sex;
    sourceEventId: string;
  };
};
export type ListingEndedObserved = {
  type: 'ListingObserved';
  data: { kind: 'ended'; personRef: PersonRef; providerId: string; stationId: string; effectiveTo: LocalDate; sourceEventId: string };
};
/** A guardianship link identity published (by personRef only): a minor's fees may join the guardian's cap. */
export type GuardianshipObserved = {
  type: 'GuardianshipObserved';
  data: {
    childRef: PersonRef;
    guardianRef: PersonRef;
    from: LocalDate;
    to: LocalDate | null;
    childAdultOn: LocalDate;
    feesJoin: boolean;
    sourceEventId: string;
  };
};
export type ObservedEvent = ProviderObserved | ListingStartedObserved | ListingEndedObserved | GuardianshipObserved;

/** A public event of provider choice, read and checked by billing's consumer, as a command. */
export type ObserveCommand =
  | { type: 'ObserveProvider'; data: ProviderObserved['data'] }
  | { type: 'ObserveListingStarted'; data: Omit<ListingStartedObserved['data'], 'kind'> }
  | { type: 'ObserveListingEnded'; data: Omit<ListingEndedObserved['data'], 'kind'> }
  | { type: 'ObserveGuardianship'; data: GuardianshipObserved['data'] };

export interface ObservedState {
  /** Public event ids already recorded on this stream: at-least-once delivery must not record twice. */
  seen: ReadonlySet<string>;
}

const initialState = (): ObservedState => ({ seen: new Set() });

function decide(c: ObserveCommand, s: ObservedState): ObservedEvent[] {
  if (s.seen.has(c.data.sourceEventId)) return [];
  switch (c.type) {
    case 'ObserveProvider':
      // Every station the event names is recorded as observed; who owns a station another provider
      // already holds is the station table's rule (the first owner keeps it), decided in log order.
      return [{ type: 'ProviderObserved', data: { ...c.data, stationIds: [...new Set(c.data.stationIds)] } }];
    case 'ObserveListingStarted':
      return [{ type: 'ListingObserved', data: { kind: 'started', ...c.data } }];
    case 'ObserveListingEnded':
      return [{ type: 'ListingObserved', data: { kind: 'ended', ...c.data } }];
    case 'ObserveGuardianship':
      return [{ type: 'GuardianshipObserved', data: c.data }];
    default:
      return assertNever(c);
  }
}

const evolve = (s: ObservedState, e: ObservedEvent): ObservedState => ({ seen: new Set([...s.seen, e.data.sourceEventId]) });

export const observedDecider: Decider<ObserveCommand, ObservedEvent, ObservedState> = { decide, evolve, initialState };

export const observedListingStream = (personRef: string) => `blisting-${personRef}`;
export const observedProviderStream = (providerId: string) => `blprovider-${providerId}`;
export const observedGuardianshipStream = (childRef: string) => `blguardian-${childRef}`;
/** The stream an observation goes to: one per provider, one per person's listings, one per child's guardians. */
export const observedStream = (c: ObserveCommand): string =>
  c.type === 'ObserveProvider'
    ? observedProviderStream(c.data.providerId)
    : c.type === 'ObserveGuardianship'
      ? observedGuardianshipStream(c.data.childRef)
      : observedListingStream(c.data.personRef);
