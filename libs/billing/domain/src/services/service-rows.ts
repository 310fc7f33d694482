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

export type RowErrorCode = 'MISSING_PROVIDER_SIDE_ID' | 'UNKNOWN_SERVICE_TYPE' | 'INVALID_DATE' | 'FUTURE_DATE' | 'STATION_NOT_OF_PROVIDER' | 'UNKNOWN_PERSON';

export interface RowError {
  code: RowErrorCode;
  message: string;
}

export interface ServiceRowContext {
  /** Only used to name the provider in messages. */
  providerId?: string;
  providerStationIds: readonly string[];
  /** The business date of the report (from the caller's clock): services cannot be in the future. */
  today: LocalDate;
}

const isServiceType = (s: string): s is ServiceType => (SERVICE_TYPES as readonly string[]).includes(s);

/**
 * Every problem of a row at once, so the provider can fix a file in one pass. The codes are stable:
 * providers' systems match on them. An invalid date is not also reported as a future one.
 */
export function validateServiceRow(row: ServiceRow, ctx: ServiceRowContext): RowError[] {
  const errors: RowError[] = [];
  const provider = ctx.providerId ?? 'this provider';
  if (typeof row.providerSideId !== 'string' || !row.providerSideId.trim() || row.providerSideId.length > 100) errors.push({ code: 'MISSING_PROVIDER_SIDE_ID', message: 'providerSideId is required (at most 100 characters)' });
  if (!isServiceType(row.serviceType)) errors.push({ code: 'UNKNOWN_SERVICE_TYPE', message: `serviceType must be one of ${SERVICE_TYPES.join(', ')}` });
  if (typeof row.date !== 'string' || !LocalDate.isValid(row.date)) errors.push({ code: 'INVALID_DATE', message: 'date must be an existing calendar date as YYYY-MM-DD' });
  else if (row.date > ctx.today) errors.push({ code: 'FUTURE_DATE', message: `a service cannot be reported before it happens (today is ${ctx.today})` });
  if (!ctx.providerStationIds.includes(row.stationId)) errors.push({ code: 'STATION_NOT_OF_PROVIDER', message: `station ${row.stationId} is not one of ${provider}'s stations` });
  if (row.personRef === null) errors.push({ code: 'UNKNOWN_PERSON', message: 'no resident with this personal identity code' });
  return errors;
}
