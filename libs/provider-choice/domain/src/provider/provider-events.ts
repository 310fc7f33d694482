import type { LocalDate } from '@luotsi/kernel';
import type { Language, ProviderKind, ServiceLine } from '../vocabulary';

export interface Station {
  stationId: string;
  name: string;
  streetAddress: string;
  postalCode: string;
  /** Statistics Finland's three-digit municipality code. */
  municipalityCode: string;
  languages: Language[];
  services: ServiceLine[];
  openingHours: string;
  accessibility: string;
}

export type ProviderEvent =
  | {
      type: 'ProviderRegistered';
      data: { providerId: string; businessId: string; name: string; kind: ProviderKind; stations: Station[]; registeredOn: LocalDate };
    }
  | { type: 'ProviderUpdated'; data: { providerId: string; name: string; stations: Station[] } }
  | { type: 'ProviderApproved'; data: { providerId: string; approvedFrom: LocalDate; decidedBy: string } }
  | { type: 'ProviderSuspended'; data: { providerId: string; suspendedFrom: LocalDate; reason: string; decidedBy: string } }
  | {
      type: 'ProviderTerminated';
      data: { providerId: string; terminatedFrom: LocalDate; clientsReturnFrom: LocalDate; reason: string; decidedBy: string };
    }
  /** Every client listed with the terminated provider has been returned to their default station (private: not published). */
  | { type: 'ProviderClientsReturned'; data: { providerId: string; clientsReturnFrom: LocalDate; clients: number } };

export type ProviderEventType = ProviderEvent['type'];
