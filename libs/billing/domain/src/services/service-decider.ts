import { assertNever, DomainError, LocalDate, type Decider, type PersonRef } from '@luotsi/kernel';
import { SERVICE_TYPES, type ServiceType } from '../vocabulary';

/**
 * A reported service, recorded whether or not the client was listed with the provider: unlisted
 * services are reported and kept but earn nothing in the settlement. `listedAtReport` says whether
 * the client was listed with this provider on the service date, as billing knew it at report time.
 */
export type ServiceEvent = {
  type: 'ServiceRecorded';
  data: { providerId: string; providerSideId: string; personRef: PersonRef; serviceType: ServiceType; date: LocalDate; stationId: string; noShow: boolean; listedAtReport: boolean };
};

/** A row that passed validateServiceRow; `listed` is decided by the caller from the listings. */
export type ServiceCommand = {
  type: 'RecordService';
  providerId: string;
  providerSideId: string;
  personRef: PersonRef;
  serviceType: ServiceType;
  date: LocalDate;
  stationId: string;
  noShow: boolean;
  listed: boolean;
};

export interface ServiceState {
  providerId: string | null;
  /** Provider-side ids already recorded: a re-sent report row must not count twice. */
  recorded: Set<string>;
}

const initialState = (): ServiceState => ({ providerId: null, recorded: new Set() });

function decide(c: ServiceCommand, s: ServiceState): ServiceEvent[] {
  if (c.type !== 'RecordService') return assertNever(c.type);
  if (s.providerId !== null && s.providerId !== c.providerId) {
    throw new DomainError('WRONG_PROVIDER', `this stream holds services of ${s.providerId}`, { providerId: s.providerId, commandProviderId: c.providerId }, 'conflict');
  }
  if (!c.providerSideId?.trim()) throw new DomainError('MISSING_PROVIDER_SIDE_ID', 'providerSideId is required', {}, 'validation');
  if (!(SERVICE_TYPES as readonly string[]).includes(c.serviceType)) throw new DomainError('UNKNOWN_SERVICE_TYPE', `serviceType must be one of ${SERVICE_TYPES.join(', ')}`, { serviceType: c.serviceType }, 'validation');
  const date = LocalDate.parse(c.date);
  // Reported before: the first report stands (idempotent), even if the row now differs.
  if (s.recorded.has(c.providerSideId)) return [];
  return [{ type: 'ServiceRecorded', data: { providerId: c.providerId, providerSideId: c.providerSideId, personRef: c.personRef, serviceType: c.serviceType, date, stationId: c.stationId, noShow: c.noShow, listedAtReport: c.listed } }];
}

function evolve(s: ServiceState, e: ServiceEvent): ServiceState {
  switch (e.type) {
    case 'ServiceRecorded':
      return { providerId: e.data.providerId, recorded: new Set([...s.recorded, e.data.providerSideId]) };
    default:
      return assertNever(e.type);
  }
}

export const serviceDecider: Decider<ServiceCommand, ServiceEvent, ServiceState> = { decide, evolve, initialState };

/**
 * One stream per reported service, named by the provider-side id, so a row reported again meets
 * an existing stream (append with no_stream) without reading the provider's whole history, and the
 * category ('service') is the text before the first dash. The id is base64url so any characters a
 * provider uses are safe in a stream id.
 */
export const serviceStream = (providerId: string, providerSideId: string): string => `service-${providerId}:${base64url(providerSideId)}`;

/** UTF-8 → base64url without node's Buffer, so the domain stays free of node APIs. */
function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    if (b !== undefined) out += alphabet[(n >> 6) & 63]!;
    if (c !== undefined) out += alphabet[n & 63]!;
  }
  return out;
}
