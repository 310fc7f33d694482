import { DomainError, hasIdentityCodeShape } from '@luotsi/kernel';

/** The catalogue's languages: the Suomi.fi catalogue describes services in these three. */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** Who arranges or produces a service (the county is the organiser of social and health services). */
export const ORGANISATION_KINDS = ['county', 'municipality', 'private', 'third-sector'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** How a resident gets the service. */
export const ACCESS_MODES = ['walk-in', 'appointment', 'referral', 'decision', 'voucher'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

/**
 * Target groups of the county's services: the resident-facing groups of the Suomi.fi catalogue's
 * KR1 branch (citizens), named rather than coded so a filter reads plainly; the import maps codes.
 */
export const TARGET_GROUPS = [
  'everyone',
  'children-and-families',
  'young-people',
  'working-age',
  'older-people',
  'people-with-disabilities',
  'immigrants',
  'unemployed',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** Where a service is offered: the whole country, the whole county, or the municipalities listed. */
export const AREA_KINDS = ['nationwide', 'county', 'municipalities'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export const CHANNEL_KINDS = ['service-point', 'phone', 'e-service', 'chat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Accessibility facts of a service point a filter can ask for (Helsinki's Service Map's main ones). */
export const ACCESSIBILITY_FEATURES = ['step-free-access', 'accessible-toilet', 'induction-loop', 'accessible-parking'] as const;
export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];

/** Where a record came from: the county's own edits, the Suomi.fi import, or provider choice's events. */
export type Source = 'county' | 'suomi-fi-import' | 'provider-choice';

/** A catalogue id: what Suomi.fi ids (uuids) and the county's own slugs look like; stable, part of URLs and stream ids. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

// Control characters and lone surrogates cannot be stored (PostgreSQL refuses NUL) or shown faithfully.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, details, 'validation');

/**
 * A free text of the catalogue: storable, not longer than `max`, and carrying no personal identity
 * code (whatever is accepted ends up in public events for ever). Only the field is named in the
 * refusal, never the value.
 */
export function checkText(field: string, value: unknown, max: number, required = true): string | null {
  if (value === null || value === undefined || value === '') {
    if (required) throw invalid('MISSING_FIELD', `${field} is required`, { field });
    return null;
  }
  if (typeof value !== 'string') throw invalid('INVALID_TEXT', `${field} must be text`, { field });
  if (UNSTORABLE.test(value)) throw invalid('INVALID_TEXT', `${field} holds characters that cannot be stored`, { field });
  if (hasIdentityCodeShape(value))
    throw invalid('IDENTITY_CODE_NOT_ALLOWED', `${field} must not contain a personal identity code`, { field });
  if (value.length > max) throw invalid('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
  return value;
}

/**
 * A field left out takes its default; a field sent as null is refused (only the fields the schema
 * calls nullable — an address, coordinates, hours — take null), so nothing is guessed from it.
 */
export function orDefault<T>(value: unknown, fallback: T, field: string): unknown {
  if (value === undefined) return fallback;
  if (value === null) throw invalid('INVALID_VALUE', `${field} is not nullable: leave it out instead`, { field });
  return value;
}

/** An object of the catalogue's content: an object (not a list), with no keys but the ones it has. */
export function checkObject(field: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('INVALID_VALUE', `${field} must be an object`, { field });
  const unknown = Object.keys(value).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw invalid('UNKNOWN_FIELD', `${field} takes only ${keys.join(', ')}`, { field, allowed: keys });
  return value as Record<string, unknown>;
}

export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value))
    throw invalid('INVALID_ID', `${field} must be 1–100 lower-case letters, digits, '.', '_' or '-'`, { field });
  return value;
}

export function checkEnumList<T extends string>(field: string, values: unknown, allowed: readonly T[], nonEmpty: boolean): T[] {
  if (!Array.isArray(values)) throw invalid('INVALID_LIST', `${field} must be a list`, { field, allowed });
  const bad = values.filter((v) => !(allowed as readonly unknown[]).includes(v));
  if (bad.length > 0) throw invalid('INVALID_VALUE', `${field} holds values outside ${allowed.join(', ')}`, { field, allowed });
  if (nonEmpty && values.length === 0) throw invalid('MISSING_FIELD', `${field} must name at least one value`, { field, allowed });
  return [...new Set(values as T[])].sort();
}
