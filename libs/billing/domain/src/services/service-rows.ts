import { LocalDate, type PersonRef } from '@luotsi/kernel';
import { SERVICE_TYPES, type ServiceType } from '../vocabulary';

/** One row of a provider's service report, after the identity code was resolved (null = not found). */
export interface ServiceRow {
  providerSideId: string;
  personRef: PersonRef | null;
  serviceType: string;
  date: string;
  stationId: string;
  noShow: boolean;
}

export interface RowError {
  code: 'MISSING_PROVIDER_SIDE_ID' | 'UNKNOWN_SERVICE_TYPE' | 'INVALID_DATE' | 'FUTURE_DATE' | 'STATION_NOT_OF_PROVIDER' | 'UNKNOWN_PERSON';
  message: string;
}

/** Every problem of a row at once, so the provider can fix a file in one pass. */
export function validateServiceRow(row: ServiceRow, ctx: { providerStationIds: readonly string[]; today: LocalDate }): RowError[] {
  const errors: RowError[] = [];
  if (!row.providerSideId?.trim() || row.providerSideId.length > 100) errors.push({ code: 'MISSING_PROVIDER_SIDE_ID', message: 'providerSideId is required (at most 100 characters)' });
  if (!SERVICE_TYPES.includes(row.serviceType as ServiceType)) errors.push({ code: 'UNKNOWN_SERVICE_TYPE', message: `serviceType must be one of ${SERVICE_TYPES.join(', ')}` });
  if (!LocalDate.isValid(row.date)) errors.push({ code: 'INVALID_DATE', message: 'date must be YYYY-MM-DD' });
  else if (row.date > ctx.today) errors.push({ code: 'FUTURE_DATE', message: `a service cannot be reported before it happens (today is ${ctx.today})` });
  if (!ctx.providerStationIds.includes(row.stationId)) errors.push({ code: 'STATION_NOT_OF_PROVIDER', message: `station ${row.stationId} is not one of this provider's stations` });
  if (row.personRef === null) errors.push({ code: 'UNKNOWN_PERSON', message: 'no resident with this personal identity code' });
  return errors;
}

/** Each reported service is its own stream, so a row reported again (same provider-side id) appends nothing. */
export const serviceStream = (providerId: string, providerSideId: string): string => `service-${providerId}:${Buffer.from(providerSideId).toString('base64url')}`;

export type ServiceEvent = {
  type: 'ServiceRecorded';
  data: { providerId: string; providerSideId: string; personRef: PersonRef; serviceType: ServiceType; date: LocalDate; stationId: string; noShow: boolean; listedAtReport: boolean };
};
