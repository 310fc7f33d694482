import { assertNever, BusinessId, DomainError, LocalDate, sameJson, type Decider } from '@luotsi/kernel';
import { LANGUAGES, PROVIDER_KINDS, SERVICE_LINES, type ProviderKind } from '../vocabulary';
import type { ProviderEvent, Station } from './provider-events';
import { statusOn, type StatusTimeline } from './provider-status';
import { refuseIdentityCodes } from '../no-identity-codes';

/**
 * Who holds each station id, as the handler read it from the station claims before deciding (only
 * the stations the command names). Station ids are unique across providers: billing and the
 * providers' own systems key services by station id alone.
 */
export type StationOwners = Readonly<Record<string, string>>;

export type ProviderCommand =
  | {
      type: 'RegisterProvider';
      providerId: string;
      businessId: string;
      name: string;
      kind: ProviderKind;
      stations: Station[];
      today: LocalDate;
      stationOwners: StationOwners;
    }
  | { type: 'UpdateProvider'; providerId: string; name: string; stations: Station[]; stationOwners: StationOwners }
  | { type: 'ApproveProvider'; providerId: string; from: LocalDate; decidedBy: string }
  | { type: 'SuspendProvider'; providerId: string; from: LocalDate; reason: string; decidedBy: string }
  | { type: 'TerminateProvider'; providerId: string; from: LocalDate; reason: string; decidedBy: string }
  | { type: 'RecordClientsReturned'; providerId: string; clients: number };

export interface ProviderState {
  exists: boolean;
  providerId: string;
  businessId: string;
  name: string;
  kind: ProviderKind;
  stations: Station[];
  timeline: StatusTimeline;
  terminatedFrom: LocalDate | null;
  clientsReturnFrom: LocalDate | null;
  /** The due-changes processor has returned the clients of the termination (it is not run again). */
  clientsReturned: boolean;
}

const initialState = (): ProviderState => ({
  exists: false,
  providerId: '',
  businessId: '',
  name: '',
  kind: 'private',
  stations: [],
  timeline: [],
  terminatedFrom: null,
  clientsReturnFrom: null,
  clientsReturned: false,
});

function validateStations(stations: Station[]): void {
  const problems: string[] = [];
  if (stations.length === 0) problems.push('a provider needs at least one station');
  const ids = new Set<string>();
  for (const [i, s] of stations.entries()) {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(s.stationId))
      problems.push(`stations[${i}].stationId must be lower-case letters, digits and hyphens`);
    if (ids.has(s.stationId)) problems.push(`stations[${i}].stationId repeats ${s.stationId}`);
    ids.add(s.stationId);
    if (!s.name?.trim()) problems.push(`stations[${i}].name is required`);
    if (!/^\d{5}$/.test(s.postalCode)) problems.push(`stations[${i}].postalCode must be five digits`);
    if (!/^\d{3}$/.test(s.municipalityCode)) problems.push(`stations[${i}].municipalityCode must be three digits`);
    if (s.languages.length === 0 || s.languages.some((l) => !LANGUAGES.includes(l)))
      problems.push(`stations[${i}].languages must be some of ${LANGUAGES.join(', ')}`);
    if (s.services.length === 0 || s.services.some((x) => !SERVICE_LINES.includes(x)))
      problems.push(`stations[${i}].services must be some of ${SERVICE_LINES.join(', ')}`);
  }
  if (problems.length > 0) throw new DomainError('INVALID_STATIONS', problems.join('; '), { problems }, 'validation');
}

function stationTexts(stations: Station[]): Record<string, string> {
  return Object.fromEntries(
    stations.flatMap((s, i) => [
      [`stations[${i}].stationId`, s.stationId],
      [`stations[${i}].name`, s.name],
      [`stations[${i}].streetAddress`, s.streetAddress],
      [`stations[${i}].openingHours`, s.openingHours],
      [`stations[${i}].accessibility`, s.accessibility],
    ]),
  );
}

/** A station another provider already holds cannot be registered again (STATION_TAKEN). */
function requireStationsFree(providerId: string, stations: Station[], owners: StationOwners): void {
  const taken = stations.filter((s) => owners[s.stationId] !== undefined && owners[s.stationId] !== providerId);
  const first = taken[0];
  if (first) {
    throw new DomainError(
      'STATION_TAKEN',
      `station ${first.stationId} belongs to another provider`,
      { stationId: first.stationId, stationIds: taken.map((s) => s.stationId) },
      'conflict',
    );
  }
}

function requireExisting(state: ProviderState, providerId: string): void {
  if (!state.exists) throw new DomainError('PROVIDER_NOT_FOUND', `no provider ${providerId}`, { providerId }, 'not_found');
}

function requireNotTerminated(state: ProviderState): void {
  if (state.terminatedFrom) {
    throw new DomainError(
      'PROVIDER_TERMINATED',
      `provider ${state.providerId} was terminated from ${state.terminatedFrom}`,
      { providerId: state.providerId, terminatedFrom: state.terminatedFrom },
      'conflict',
    );
  }
}

function decide(command: ProviderCommand, state: ProviderState): ProviderEvent[] {
  switch (command.type) {
    case 'RegisterProvider': {
      refuseIdentityCodes({ providerId: command.providerId, name: command.name, ...stationTexts(command.stations) });
      const businessId = BusinessId.parse(command.businessId);
      if (!PROVIDER_KINDS.includes(command.kind))
        throw new DomainError('INVALID_PROVIDER_KIND', 'kind is public or private', { kind: command.kind }, 'validation');
      if (!command.name.trim()) throw new DomainError('INVALID_NAME', 'a provider needs a name', {}, 'validation');
      validateStations(command.stations);
      requireStationsFree(command.providerId, command.stations, command.stationOwners);
      if (state.exists) {
        const same =
          state.businessId === businessId &&
          state.name === command.name &&
          state.kind === command.kind &&
          sameJson(state.stations, command.stations);
        if (same) return [];
        throw new DomainError(
          'PROVIDER_EXISTS',
          `provider ${command.providerId} is already registered`,
          { providerId: command.providerId },
          'conflict',
        );
      }
      return [
        {
          type: 'ProviderRegistered',
          data: {
            providerId: command.providerId,
            businessId,
            name: command.name,
            kind: command.kind,
            stations: command.stations,
            registeredOn: command.today,
          },
        },
      ];
    }
    case 'UpdateProvider': {
      requireExisting(state, command.providerId);
      requireNotTerminated(state);
      refuseIdentityCodes({ name: command.name, ...stationTexts(command.stations) });
      validateStations(command.stations);
      requireStationsFree(command.providerId, command.stations, command.stationOwners);
      const removed = state.stations.filter((s) => !command.stations.some((n) => n.stationId === s.stationId)).map((s) => s.stationId);
      if (removed.length > 0) {
        // Residents are listed with stations; a station goes away only through termination.
        throw new DomainError(
          'STATION_REMOVAL_NOT_ALLOWED',
          'stations cannot be removed; terminate the provider instead',
          { stationIds: removed },
          'rule',
        );
      }
      return [{ type: 'ProviderUpdated', data: { providerId: command.providerId, name: command.name, stations: command.stations } }];
    }
    case 'ApproveProvider': {
      requireExisting(state, command.providerId);
      requireNotTerminated(state);
      refuseIdentityCodes({ decidedBy: command.decidedBy });
      if (statusOn(state.timeline, command.from) === 'approved') return [];
      return [
        { type: 'ProviderApproved', data: { providerId: command.providerId, approvedFrom: command.from, decidedBy: command.decidedBy } },
      ];
    }
    case 'SuspendProvider': {
      requireExisting(state, command.providerId);
      requireNotTerminated(state);
      if (!command.reason.trim()) throw new DomainError('REASON_REQUIRED', 'a suspension needs a reason', {}, 'validation');
      refuseIdentityCodes({ reason: command.reason, decidedBy: command.decidedBy });
      return [
        {
          type: 'ProviderSuspended',
          data: { providerId: command.providerId, suspendedFrom: command.from, reason: command.reason, decidedBy: command.decidedBy },
        },
      ];
    }
    case 'TerminateProvider': {
      requireExisting(state, command.providerId);
      requireNotTerminated(state);
      if (!command.reason.trim()) throw new DomainError('REASON_REQUIRED', 'a termination needs a reason', {}, 'validation');
      refuseIdentityCodes({ reason: command.reason, decidedBy: command.decidedBy });
      // Clients return to their default station from the first day of the month after the termination.
      const clientsReturnFrom = LocalDate.firstOfNextMonth(command.from);
      return [
        {
          type: 'ProviderTerminated',
          data: {
            providerId: command.providerId,
            terminatedFrom: command.from,
            clientsReturnFrom,
            reason: command.reason,
            decidedBy: command.decidedBy,
          },
        },
      ];
    }
    case 'RecordClientsReturned': {
      requireExisting(state, command.providerId);
      if (!state.terminatedFrom || !state.clientsReturnFrom) {
        throw new DomainError(
          'PROVIDER_NOT_TERMINATED',
          `provider ${command.providerId} has not been terminated`,
          { providerId: command.providerId },
          'conflict',
        );
      }
      if (state.clientsReturned) return [];
      return [
        {
          type: 'ProviderClientsReturned',
          data: { providerId: command.providerId, clientsReturnFrom: state.clientsReturnFrom, clients: command.clients },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: ProviderState, event: ProviderEvent): ProviderState {
  switch (event.type) {
    case 'ProviderRegistered':
      return {
        ...state,
        exists: true,
        providerId: event.data.providerId,
        businessId: event.data.businessId,
        name: event.data.name,
        kind: event.data.kind,
        stations: event.data.stations,
      };
    case 'ProviderUpdated':
      return { ...state, name: event.data.name, stations: event.data.stations };
    case 'ProviderApproved':
      return { ...state, timeline: [...state.timeline, { from: event.data.approvedFrom, status: 'approved' }] };
    case 'ProviderSuspended':
      return { ...state, timeline: [...state.timeline, { from: event.data.suspendedFrom, status: 'suspended' }] };
    case 'ProviderTerminated':
      return {
        ...state,
        terminatedFrom: event.data.terminatedFrom,
        clientsReturnFrom: event.data.clientsReturnFrom,
        timeline: [...state.timeline, { from: event.data.terminatedFrom, status: 'terminated' }],
      };
    case 'ProviderClientsReturned':
      return { ...state, clientsReturned: true };
    default:
      return assertNever(event);
  }
}

export const providerDecider: Decider<ProviderCommand, ProviderEvent, ProviderState> = { decide, evolve, initialState };
export const providerStream = (providerId: string): string => `provider-${providerId}`;
