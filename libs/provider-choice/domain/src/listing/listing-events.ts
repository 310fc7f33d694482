import type { LocalDate, PersonRef, Sex } from '@luotsi/kernel';
import type { ErasureReason } from './erasure';
import type { Channel, ListingEndReason, ListingReason, PreviousMainUse, SwitchReason } from '../vocabulary';

/**
 * Facts about one resident, on stream `listing-<personRef>`. They carry the opaque personRef, never
 * the personal identity code; birth date and sex stay because capitation is weighted by them.
 */
export type ListingEvent =
  | {
      type: 'ResidentRegistered';
      data: {
        personRef: PersonRef;
        birthDate: LocalDate;
        sex: Sex;
        postalCode: string;
        municipalityCode: string;
        residentFrom: LocalDate;
        eligible: boolean;
      };
    }
  | {
      type: 'ResidentMoved';
      data: {
        personRef: PersonRef;
        movedOn: LocalDate;
        fromPostalCode: string;
        postalCode: string;
        municipalityCode: string;
        eligible: boolean;
      };
    }
  | { type: 'ResidentDied'; data: { personRef: PersonRef; diedOn: LocalDate } }
  | {
      type: 'SwitchRequested';
      data: {
        personRef: PersonRef;
        requestId: string;
        stationId: string;
        providerId: string;
        effectiveFrom: LocalDate;
        requestedOn: LocalDate;
        channel: Channel;
        reason: SwitchReason;
        reasonText: string | null;
        previousMainUse: PreviousMainUse | null;
        requestedBy: string;
      };
    }
  | {
      type: 'SwitchCancelled';
      data: {
        personRef: PersonRef;
        requestId: string;
        cancelledOn: LocalDate;
        why: 'cancelled' | 'replaced' | 'moved-out' | 'died' | 'provider-not-approved' | 'erased';
        cancelledBy: string;
      };
    }
  | {
      type: 'ListingStarted';
      data: {
        personRef: PersonRef;
        stationId: string;
        providerId: string;
        effectiveFrom: LocalDate;
        reason: ListingReason;
        requestId: string | null;
        birthDate: LocalDate;
        sex: Sex;
        postalCode: string;
        municipalityCode: string;
      };
    }
  | {
      type: 'ListingEnded';
      data: { personRef: PersonRef; stationId: string; providerId: string; effectiveTo: LocalDate; reason: ListingEndReason };
    }
  /** The person was forgotten: the registry no longer maps a code to this personRef. Nothing identifying. */
  | { type: 'PersonErased'; data: { personRef: PersonRef; erasedOn: LocalDate; reason: ErasureReason } };

export type ListingEventType = ListingEvent['type'];
