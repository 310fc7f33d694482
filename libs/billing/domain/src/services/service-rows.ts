import { hasIdentityCodeShape, LocalDate, type PersonRef } from '@luotsi/kernel';
import { EARLIEST_BILLING_DATE } from '../date-ranges';
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

export type RowErrorCode =
  | 'MISSING_PROVIDER_SIDE_ID'
  | 'UNKNOWN_SERVICE_TYPE'
  | 'INVALID_DATE'
  | 'FUTURE_DATE'
  | 'DATE_OUT_OF_RANGE'
  | 'STATION_NOT_OF_PROVIDER'
  | 'UNKNOWN_PERSON'
  | 'INVALID_CHARACTERS'
  | 'IDENTITY_CODE_IN_FIELD';

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

// Control characters (NUL above all: PostgreSQL refuses it in text) and lone UTF-16 surrogates
// cannot be stored or shown faithfully, so a row carrying them is refused rather than mangled.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSTORABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The row's free-form fields that must not carry an identity code: only `identityCode` may. */
const CHECKED_FIELDS = ['providerSideId', 'stationId', 'serviceType'] as const;

/** Whether a text can be stored and echoed back: no unstorable characters and no identity code in it. */
export const isCleanText = (text: unknown): boolean => typeof text === 'string' && !UNSTORABLE.test(text) && !hasIdentityCodeShape(text);

/**
 * Every problem of a row at once, so the provider can fix a file in one pass. The codes are stable:
 * providers' systems match on them. An invalid date is not also reported as a future one. A field
 * that is refused for its characters or for an identity code in it is not checked further, and no
 * message ever repeats such a value.
 */
export function validateServiceRow(row: ServiceRow, ctx: ServiceRowContext): RowError[] {
  const errors: RowError[] = [];
  const provider = ctx.providerId ?? 'this provider';
  const unclean = new Set<string>();
  for (const field of CHECKED_FIELDS) {
    const value: unknown = row[field];
    if (typeof value !== 'string') continue;
    if (UNSTORABLE.test(value))
      errors.push({ code: 'INVALID_CHARACTERS', message: `${field} contains a control character or an unpaired surrogate` });
    else if (hasIdentityCodeShape(value))
      errors.push({
        code: 'IDENTITY_CODE_IN_FIELD',
        message: `${field} contains something shaped like a personal identity code; only identityCode may carry one`,
      });
    else continue;
    unclean.add(field);
  }
  if (
    !unclean.has('providerSideId') &&
    (typeof row.providerSideId !== 'string' || !row.providerSideId.trim() || row.providerSideId.length > 100)
  )
    errors.push({ code: 'MISSING_PROVIDER_SIDE_ID', message: 'providerSideId is required (at most 100 characters)' });
  if (!unclean.has('serviceType') && !isServiceType(row.serviceType))
    errors.push({ code: 'UNKNOWN_SERVICE_TYPE', message: `serviceType must be one of ${SERVICE_TYPES.join(', ')}` });
  if (typeof row.date !== 'string' || !LocalDate.isValid(row.date))
    errors.push({ code: 'INVALID_DATE', message: 'date must be an existing calendar date as YYYY-MM-DD' });
  else if (row.date > ctx.today)
    errors.push({ code: 'FUTURE_DATE', message: `a service cannot be reported before it happens (today is ${ctx.today})` });
  else if (row.date < EARLIEST_BILLING_DATE)
    errors.push({ code: 'DATE_OUT_OF_RANGE', message: `date must be from ${EARLIEST_BILLING_DATE} to ${ctx.today}` });
  if (!unclean.has('stationId') && !ctx.providerStationIds.includes(row.stationId))
    errors.push({ code: 'STATION_NOT_OF_PROVIDER', message: `station ${row.stationId} is not one of ${provider}'s stations` });
  if (row.personRef === null) errors.push({ code: 'UNKNOWN_PERSON', message: 'no resident with this personal identity code' });
  return errors;
}
