import type { StreamDeclaration } from '@luotsi/eventstore';
import {
  AREA_STREAM,
  STATION_CLAIMS_STREAM,
  areaDecider,
  listingDecider,
  listingStream,
  providerDecider,
  providerStream,
  stationClaimsDecider,
  type AreaCommand,
  type AreaEvent,
  type AreaState,
  type ListingCommand,
  type ListingEvent,
  type ProviderCommand,
  type ProviderEvent,
  type ProviderState,
  type ResidentState,
  type StationClaimCommand,
  type StationClaimEvent,
  type StationClaimsState,
} from '@luotsi/provider-choice-domain';
import { PROVIDER_CHOICE_SCHEMA_VERSIONS } from '@luotsi/provider-choice-contracts';

/** A provider and its stations: `provider-<providerId>`. */
export const providerStreams: StreamDeclaration<ProviderCommand, ProviderEvent, ProviderState> = {
  category: 'provider',
  decider: providerDecider,
  streamId: (c) => providerStream(c.providerId),
};

/** A resident's listing: `listing-<personRef>`. */
export const listingStreams: StreamDeclaration<ListingCommand, ListingEvent, ResidentState> = {
  category: 'listing',
  decider: listingDecider,
  streamId: (c) => listingStream(c.personRef),
};

/** The county's one choice area, written at schema version 2 (an upcaster reads version 1). */
export const areaStreams: StreamDeclaration<AreaCommand, AreaEvent, AreaState> = {
  category: 'area',
  decider: areaDecider,
  streamId: () => AREA_STREAM,
  schemaVersions: PROVIDER_CHOICE_SCHEMA_VERSIONS,
};

/** Which provider holds each station id, on one stream (see station-claims.ts). */
export const stationClaimStreams: StreamDeclaration<StationClaimCommand, StationClaimEvent, StationClaimsState> = {
  category: 'stationclaims',
  decider: stationClaimsDecider,
  streamId: () => STATION_CLAIMS_STREAM,
};
