import { DomainError, LocalDate, PersonRef } from '@luotsi/kernel';
import { isCleanText, type ObserveCommand } from '@luotsi/billing-domain';

/**
 * The public events of provider choice that billing reads, as billing reads them (a tolerant
 * reader): only the fields billing needs are checked and taken, anything else a newer version adds
 * is ignored. The types are billing's own, written from the published contract; billing imports no
 * code of provider choice.
 */
export const PROVIDER_CHOICE_EVENT_TYPES = {
  providerRegistered: 'fi.luotsi.provider-choice.provider-registered.v1',
  providerUpdated: 'fi.luotsi.provider-choice.provider-updated.v1',
  listingStarted: 'fi.luotsi.provider-choice.listing-started.v1',
  listingEnded: 'fi.luotsi.provider-choice.listing-ended.v1',
  providerApproved: 'fi.luotsi.provider-choice.provider-approved.v1',
  providerSuspended: 'fi.luotsi.provider-choice.provider-suspended.v1',
  providerTerminated: 'fi.luotsi.provider-choice.provider-terminated.v1',
} as const;

/** provider-registered and provider-updated v1, as far as billing needs them. */
export interface ProviderStationsV1 {
  providerId: string;
  stations: Array<{ stationId: string }>;
}
/** listing-started v1, as far as billing needs it. */
export interface ListingStartedV1 {
  personRef: string;
  providerId: string;
  stationId: string;
  effectiveFrom: string;
  birthDate: string;
  sex: 'male' | 'female';
}
/** listing-ended v1, as far as billing needs it. */
export interface ListingEndedV1 {
  personRef: string;
  providerId: string;
  stationId: string;
  effectiveTo: string;
}

type Data = Record<string, unknown>;

/** Refused fields are named, never echoed: a malformed event may carry anything. */
function invalid(type: string, field: string): never {
  throw new DomainError('INVALID_PUBLIC_EVENT', `${type}: ${field} is missing or malformed`, { type, field }, 'validation');
}
const id = (type: string, d: Data, field: string): string => {
  const v = d[field];
  return typeof v === 'string' && v.length > 0 && v.length <= 100 && isCleanText(v) ? v : invalid(type, field);
};
const date = (type: string, d: Data, field: string) =>
  LocalDate.isValid(d[field] as string) ? LocalDate.parse(d[field] as string) : invalid(type, field);
const personRef = (type: string, d: Data) => {
  try {
    return PersonRef.parse(d['personRef'] as string);
  } catch {
    return invalid(type, 'personRef');
  }
};

/**
 * A CloudEvent of provider choice → the command billing records it with, or null for the events
 * billing has no use for. A malformed event is refused (INVALID_PUBLIC_EVENT) and goes to the
 * dead-letter topic rather than into billing's log.
 */
export function readProviderChoiceEvent(event: { id: string; type: string; data: unknown }): ObserveCommand | null {
  const t = PROVIDER_CHOICE_EVENT_TYPES;
  const observed: string[] = [t.providerRegistered, t.providerUpdated, t.listingStarted, t.listingEnded];
  if (!observed.includes(event.type)) return null;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const sourceEventId = event.id;
  switch (event.type) {
    case t.providerRegistered:
    case t.providerUpdated: {
      const stations = Array.isArray(d['stations']) ? (d['stations'] as unknown[]) : invalid(event.type, 'stations');
      const stationIds = stations.map((s) => id(event.type, (s && typeof s === 'object' ? s : {}) as Data, 'stationId'));
      return { type: 'ObserveProvider', data: { providerId: id(event.type, d, 'providerId'), stationIds, sourceEventId } };
    }
    case t.listingStarted: {
      const sex = d['sex'] === 'male' || d['sex'] === 'female' ? d['sex'] : invalid(event.type, 'sex');
      return {
        type: 'ObserveListingStarted',
        data: {
          personRef: personRef(event.type, d),
          providerId: id(event.type, d, 'providerId'),
          stationId: id(event.type, d, 'stationId'),
          effectiveFrom: date(event.type, d, 'effectiveFrom'),
          birthDate: date(event.type, d, 'birthDate'),
          sex,
          sourceEventId,
        },
      };
    }
    default:
      return {
        type: 'ObserveListingEnded',
        data: {
          personRef: personRef(event.type, d),
          providerId: id(event.type, d, 'providerId'),
          stationId: id(event.type, d, 'stationId'),
          effectiveTo: date(event.type, d, 'effectiveTo'),
          sourceEventId,
        },
      };
  }
}

/**
 * A change to a provider's standing in provider choice, as billing's vouchers read it: the same
 * producer's voucher approvals follow it (provider-approved, -suspended, -terminated v1).
 */
export type ProviderStanding =
  | { kind: 'approved'; providerId: string; from: LocalDate }
  | { kind: 'suspended'; providerId: string; from: LocalDate; reason: string }
  | { kind: 'terminated'; providerId: string; from: LocalDate; reason: string };

const reasonOf = (type: string, d: Data): string => {
  const v = d['reason'];
  return typeof v === 'string' && v.trim() && v.length <= 500 && isCleanText(v) ? v : invalid(type, 'reason');
};

export function readProviderStanding(event: { type: string; data: unknown }): ProviderStanding | null {
  const t = PROVIDER_CHOICE_EVENT_TYPES;
  const d = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  switch (event.type) {
    case t.providerApproved:
      return { kind: 'approved', providerId: id(event.type, d, 'providerId'), from: date(event.type, d, 'approvedFrom') };
    case t.providerSuspended:
      return {
        kind: 'suspended',
        providerId: id(event.type, d, 'providerId'),
        from: date(event.type, d, 'suspendedFrom'),
        reason: reasonOf(event.type, d),
      };
    case t.providerTerminated:
      return {
        kind: 'terminated',
        providerId: id(event.type, d, 'providerId'),
        from: date(event.type, d, 'terminatedFrom'),
        reason: reasonOf(event.type, d),
      };
    default:
      return null;
  }
}
