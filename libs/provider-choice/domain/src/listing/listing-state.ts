import { assertNever, type LocalDate, type PersonRef, type Sex } from '@luotsi/kernel';
import type { Channel, ListingReason } from '../vocabulary';
import type { ErasureReason } from './erasure';
import type { ListingEvent } from './listing-events';

export interface ListingPeriod {
  stationId: string;
  providerId: string;
  effectiveFrom: LocalDate;
  /** Last day listed; null while open-ended. */
  effectiveTo: LocalDate | null;
  reason: ListingReason;
}

export interface PendingSwitch {
  requestId: string;
  stationId: string;
  providerId: string;
  effectiveFrom: LocalDate;
  channel: Channel;
  requestedOn: LocalDate;
}

export interface ResidentState {
  registered: boolean;
  personRef: PersonRef | null;
  birthDate: LocalDate | null;
  sex: Sex | null;
  postalCode: string;
  municipalityCode: string;
  residentFrom: LocalDate | null;
  eligible: boolean;
  movedOn: LocalDate | null;
  diedOn: LocalDate | null;
  listings: ListingPeriod[];
  /** Effective date of the latest listing the resident chose: the switching clock runs from it. */
  lastChosenFrom: LocalDate | null;
  pending: PendingSwitch | null;
  /** Set once the person is erased; the stream then takes no other command. */
  erasure: { erasedOn: LocalDate; reason: ErasureReason } | null;
}

export const initialResidentState = (): ResidentState => ({
  registered: false,
  personRef: null,
  birthDate: null,
  sex: null,
  postalCode: '',
  municipalityCode: '',
  residentFrom: null,
  eligible: false,
  movedOn: null,
  diedOn: null,
  listings: [],
  lastChosenFrom: null,
  pending: null,
  erasure: null,
});

/** The listing that holds on a date (or null): the periods never overlap. */
export function listingOn(state: ResidentState, date: LocalDate): ListingPeriod | null {
  return state.listings.find((l) => l.effectiveFrom <= date && (l.effectiveTo === null || l.effectiveTo >= date)) ?? null;
}

/** The latest listing that has not ended by the date (the current one, or one that starts later). */
export function openListing(state: ResidentState): ListingPeriod | null {
  return [...state.listings].reverse().find((l) => l.effectiveTo === null) ?? null;
}

export function evolveResident(state: ResidentState, event: ListingEvent): ResidentState {
  switch (event.type) {
    case 'ResidentRegistered': {
      const d = event.data;
      return {
        ...state,
        registered: true,
        personRef: d.personRef,
        birthDate: d.birthDate,
        sex: d.sex,
        postalCode: d.postalCode,
        municipalityCode: d.municipalityCode,
        residentFrom: d.residentFrom,
        eligible: d.eligible,
      };
    }
    case 'ResidentMoved':
      return {
        ...state,
        postalCode: event.data.postalCode,
        municipalityCode: event.data.municipalityCode,
        movedOn: event.data.movedOn,
        eligible: event.data.eligible,
      };
    case 'ResidentDied':
      return { ...state, diedOn: event.data.diedOn };
    case 'SwitchRequested': {
      const d = event.data;
      return {
        ...state,
        pending: {
          requestId: d.requestId,
          stationId: d.stationId,
          providerId: d.providerId,
          effectiveFrom: d.effectiveFrom,
          channel: d.channel,
          requestedOn: d.requestedOn,
        },
      };
    }
    case 'SwitchCancelled':
      return state.pending?.requestId === event.data.requestId ? { ...state, pending: null } : state;
    case 'ListingStarted': {
      const d = event.data;
      const listing: ListingPeriod = {
        stationId: d.stationId,
        providerId: d.providerId,
        effectiveFrom: d.effectiveFrom,
        effectiveTo: null,
        reason: d.reason,
      };
      return {
        ...state,
        listings: [...state.listings, listing],
        lastChosenFrom: d.reason === 'choice' ? d.effectiveFrom : state.lastChosenFrom,
        pending: d.requestId && state.pending?.requestId === d.requestId ? null : state.pending,
      };
    }
    case 'ListingEnded': {
      const listings = [...state.listings];
      const index = listings.map((l) => l.effectiveTo === null && l.stationId === event.data.stationId).lastIndexOf(true);
      if (index >= 0) listings[index] = { ...listings[index]!, effectiveTo: event.data.effectiveTo };
      return { ...state, listings };
    }
    case 'PersonErased':
      return { ...state, erasure: { erasedOn: event.data.erasedOn, reason: event.data.reason } };
    default:
      return assertNever(event);
  }
}
