import type { LocalDate, PersonRef, Sex } from '@luotsi/kernel';

/**
 * What billing learned from provider choice's topic, kept in billing's own log so that every billing
 * read model — and so every settlement — can be rebuilt from billing's log alone.
 */
export type ObservedEvent =
  | { type: 'ProviderObserved'; data: { providerId: string; stationIds: string[]; sourceEventId: string } }
  | { type: 'ListingObserved'; data: { kind: 'started'; personRef: PersonRef; providerId: string; stationId: string; effectiveFrom: LocalDate; birthDate: LocalDate; sex: Sex; sourceEventId: string } }
  | { type: 'ListingObserved'; data: { kind: 'ended'; personRef: PersonRef; providerId: string; stationId: string; effectiveTo: LocalDate; sourceEventId: string } };

export const observedListingStream = (personRef: string) => `blisting-${personRef}`;
export const observedProviderStream = (providerId: string) => `blprovider-${providerId}`;
