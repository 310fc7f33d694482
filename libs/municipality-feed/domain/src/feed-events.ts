/**
 * The municipality's own contract: what a municipality's systems receive about their residents,
 * one type per fact, each with only the fields the municipality's purpose needs (docs/
 * municipality-feed.md says why each field is there). No birth date, sex, postal code or free
 * text reaches a municipality; persons appear only as their personRef.
 */
export type ListingReason = 'default' | 'choice' | 'provider-terminated' | 'moved';
export type ListingEndReason = 'switched' | 'moved-out' | 'moved' | 'died' | 'provider-terminated' | 'erased';

export interface CurrentListing {
  providerId: string;
  stationId: string;
  since: string;
}

/** Why a service of the catalogue is a municipality's own: offered in its area, arranged or produced by it. */
export type ServiceBasis = 'area' | 'arranger' | 'producer';
export const SERVICE_BASES = ['area', 'arranger', 'producer'] as const satisfies readonly ServiceBasis[];
/** A service leaves a municipality's feed because the catalogue withdrew it, or a new version no longer concerns the municipality. */
export type ServiceRemovalReason = 'withdrawn' | 'no-longer-concerns-municipality';

export interface ServiceVersionData {
  serviceId: string;
  validFrom: string;
  names: { fi?: string; sv?: string; en?: string };
  channelIds: string[];
  basis: ServiceBasis[];
}

export interface FeedEventData {
  'resident-registered': { personRef: string; residentFrom: string; eligible: boolean };
  'resident-moved-in': { personRef: string; movedInOn: string; eligible: boolean; listing: CurrentListing | null };
  'resident-moved-out': { personRef: string; movedOutOn: string };
  'resident-died': { personRef: string; diedOn: string };
  'listing-started': { personRef: string; providerId: string; stationId: string; effectiveFrom: string; reason: ListingReason };
  'listing-ended': { personRef: string; providerId: string; stationId: string; effectiveTo: string; reason: ListingEndReason };
  'service-delivered': { providerId: string; stationId: string; serviceType: string; date: string; noShow: boolean };
  'client-fee-collected': { date: string; serviceType: string; chargedCents: number; countsTowardCap: boolean };
  'client-plan-requested': {
    contactId: string;
    personRef: string;
    route: 'service-need-assessment' | 'named-professional' | 'named-service';
    requestedOn: string;
  };
  'frequent-contact-flagged': { personRef: string; trigger: 'frequent-visits' | 'missed-appointments'; flaggedOn: string };
  'client-plan-status': { planId: string; personRef: string; status: string; responsibleOrganisation: string; version: number };
  'service-published': ServiceVersionData;
  'service-changed': ServiceVersionData;
  'service-withdrawn': { serviceId: string; withdrawnFrom: string; reason: ServiceRemovalReason };
}

export type FeedEventName = keyof FeedEventData;

export const FEED_EVENT_NAMES = [
  'resident-registered',
  'resident-moved-in',
  'resident-moved-out',
  'resident-died',
  'listing-started',
  'listing-ended',
  'service-delivered',
  'client-fee-collected',
  'client-plan-requested',
  'frequent-contact-flagged',
  'client-plan-status',
  'service-published',
  'service-changed',
  'service-withdrawn',
] as const satisfies readonly FeedEventName[];

/** One event for one municipality's feed, as the router decides it. */
export interface FeedEntry<N extends FeedEventName = FeedEventName> {
  municipality: string;
  type: N;
  /** The CloudEvent subject (and Kafka key): the personRef, or what the fact is about. */
  subject: string;
  data: FeedEventData[N];
}

export const entry = <N extends FeedEventName>(municipality: string, type: N, subject: string, data: FeedEventData[N]): FeedEntry<N> => ({
  municipality,
  type,
  subject,
  data,
});
