import { assertNever, DomainError, type Decider } from '@luotsi/kernel';

/**
 * Station ids are unique across providers. The provider decider refuses a station the handler saw
 * claimed by another provider; the claims themselves make that race-safe. All claims live on ONE
 * stream, `stationclaims-county`, appended with the revision read: two concurrent registrations of
 * one station cannot both append, the loser re-reads and is refused, and all of a registration's
 * stations are claimed in one append (all or none), which a stream per station id could not give.
 * Registrations are a county's rare administrative acts, so serialising them on one stream costs
 * nothing. Private to provider choice (not published, not projected).
 */
export const STATION_CLAIMS_STREAM = 'stationclaims-county';

export type StationClaimEvent =
  | { type: 'StationsClaimed'; data: { providerId: string; stationIds: string[] } }
  /** Claims given back when the registration they were taken for could not be recorded. */
  | { type: 'StationsReleased'; data: { providerId: string; stationIds: string[] } };

export type StationClaimCommand =
  | { type: 'ClaimStations'; providerId: string; stationIds: string[] }
  | { type: 'ReleaseStations'; providerId: string; stationIds: string[] };

export interface StationClaimsState {
  owners: Record<string, string>;
}

function decide(command: StationClaimCommand, state: StationClaimsState): StationClaimEvent[] {
  switch (command.type) {
    case 'ClaimStations': {
      const taken = command.stationIds.filter((id) => state.owners[id] !== undefined && state.owners[id] !== command.providerId);
      const first = taken[0];
      if (first)
        throw new DomainError(
          'STATION_TAKEN',
          `station ${first} belongs to another provider`,
          { stationId: first, stationIds: taken },
          'conflict',
        );
      const fresh = [...new Set(command.stationIds)].filter((id) => state.owners[id] === undefined);
      return fresh.length === 0 ? [] : [{ type: 'StationsClaimed', data: { providerId: command.providerId, stationIds: fresh } }];
    }
    case 'ReleaseStations': {
      const held = command.stationIds.filter((id) => state.owners[id] === command.providerId);
      return held.length === 0 ? [] : [{ type: 'StationsReleased', data: { providerId: command.providerId, stationIds: held } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: StationClaimsState, event: StationClaimEvent): StationClaimsState {
  switch (event.type) {
    case 'StationsClaimed':
      return { owners: { ...state.owners, ...Object.fromEntries(event.data.stationIds.map((id) => [id, event.data.providerId])) } };
    case 'StationsReleased': {
      const owners = { ...state.owners };
      for (const id of event.data.stationIds) delete owners[id];
      return { owners };
    }
    default:
      return assertNever(event);
  }
}

export const stationClaimsDecider: Decider<StationClaimCommand, StationClaimEvent, StationClaimsState> = {
  decide,
  evolve,
  initialState: () => ({ owners: {} }),
};
