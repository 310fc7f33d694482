import { DomainError, finnishHolidayOn, LocalDate } from '@luotsi/kernel';
import {
  ACCESS_MODES,
  ACCESSIBILITY_FEATURES,
  checkPoint,
  helsinkiMoment,
  isLanguage,
  ORGANISATION_KINDS,
  POSTAL_CODE_POINTS,
  TARGET_GROUPS,
  type GeoPoint,
  type Language,
} from '@luotsi/service-catalogue-domain';
import type { SearchRequest } from '../read-model/catalogue-search';

export const SEARCH_PARAMETERS = [
  'q',
  'lang',
  'targetGroup',
  'language',
  'municipality',
  'postalCode',
  'lat',
  'lon',
  'withinKm',
  'openNow',
  'walkIn',
  'accessMode',
  'accessibility',
  'organisationKind',
  'sort',
  'limit',
  'offset',
] as const;

const refuse = (code: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new DomainError(code, message, details, 'validation');
};

/** Search text: letters, digits, spaces and the punctuation of names (hyphen, apostrophe, full stop, comma). */
const QUERY_TEXT = /^[\p{L}\p{M}\p{N}\s\-'’.,]*$/u;
const WORD = /[\p{L}\p{N}]+/gu;

function list<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined || value === '') return [];
  const values = value.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0) refuse('INVALID_FILTER', `${name} takes ${allowed.join(', ')} (comma-separated)`, { parameter: name, allowed });
  return [...new Set(values)] as T[];
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') refuse('INVALID_FILTER', `${name} is true or false`, { parameter: name });
  return value === 'true';
}

function integer(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max)
    refuse('INVALID_FILTER', `${name} is a whole number from ${min} to ${max}`, { parameter: name, min, max });
  return Number(value);
}

function decimal(name: string, value: string): number {
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(value)) refuse('INVALID_FILTER', `${name} is a decimal number`, { parameter: name });
  return Number(value);
}

/** The asker's language: `lang`, else the first of fi/sv/en in Accept-Language, else Finnish. */
export function askersLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined)
    return isLanguage(lang) ? lang : refuse('INVALID_LANGUAGE', 'lang is fi, sv or en', { parameter: 'lang', allowed: ['fi', 'sv', 'en'] });
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(tag)) return tag;
  }
  return 'fi';
}

/** A search's query parameters, each checked, and "now" read on Helsinki's clock. Nothing unknown is ignored. */
export function searchRequest(
  query: Record<string, unknown>,
  acceptLanguage: string | undefined,
  now: Date,
): SearchRequest & { from: { postalCode: string } | { point: GeoPoint } | null } {
  const v: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!(SEARCH_PARAMETERS as readonly string[]).includes(name))
      refuse('INVALID_QUERY', `unknown query parameter; this route takes ${SEARCH_PARAMETERS.join(', ')}`, {
        allowed: [...SEARCH_PARAMETERS],
      });
    if (typeof value !== 'string') refuse('INVALID_QUERY', `${name} must be given once, as a single value`, { parameter: name });
    v[name] = value as string;
  }
  const q = v['q'] ?? '';
  if (q.length > 200) refuse('INVALID_QUERY_TEXT', 'q is at most 200 characters', { parameter: 'q', max: 200 });
  if (!QUERY_TEXT.test(q)) refuse('INVALID_QUERY_TEXT', "q takes letters, digits, spaces and - ' . ,", { parameter: 'q' });
  const words = (q.normalize('NFC').toLowerCase().match(WORD) ?? []).slice(0, 8);
  const language =
    v['language'] === undefined
      ? null
      : isLanguage(v['language'])
        ? v['language']
        : refuse('INVALID_FILTER', 'language is fi, sv or en', { parameter: 'language' });
  const municipality = v['municipality'] ?? null;
  if (municipality !== null && !/^\d{3}$/.test(municipality))
    refuse('INVALID_FILTER', 'municipality is a three-digit code', { parameter: 'municipality' });
  let near: GeoPoint | null = null;
  let from: { postalCode: string } | { point: GeoPoint } | null = null;
  if (v['postalCode'] !== undefined) {
    if (v['lat'] !== undefined || v['lon'] !== undefined)
      refuse('INVALID_FILTER', 'give a postal code or a point, not both', { parameter: 'postalCode' });
    const known = /^\d{5}$/.test(v['postalCode']) ? POSTAL_CODE_POINTS[v['postalCode']] : undefined;
    if (!known)
      refuse('UNKNOWN_POSTAL_CODE', 'the catalogue has no location for that postal code; send lat and lon instead', {
        parameter: 'postalCode',
      });
    near = { lat: known!.lat, lon: known!.lon };
    from = { postalCode: v['postalCode'] };
  } else if (v['lat'] !== undefined || v['lon'] !== undefined) {
    if (v['lat'] === undefined || v['lon'] === undefined) refuse('INVALID_FILTER', 'a point is lat and lon together', { parameter: 'lat' });
    near = checkPoint('point', decimal('lat', v['lat']!), decimal('lon', v['lon']!));
    from = { point: near };
  }
  const withinKm = v['withinKm'] === undefined ? null : integer('withinKm', v['withinKm'], 1, 500, 0);
  if (withinKm !== null && !near) refuse('INVALID_FILTER', 'withinKm needs a postal code or a point', { parameter: 'withinKm' });
  const sort = v['sort'] ?? (words.length > 0 ? 'relevance' : near ? 'distance' : 'name');
  if (sort !== 'relevance' && sort !== 'distance' && sort !== 'name')
    refuse('INVALID_FILTER', 'sort is relevance, distance or name', { parameter: 'sort' });
  if (sort === 'distance' && !near) refuse('INVALID_FILTER', 'sorting by distance needs a postal code or a point', { parameter: 'sort' });
  const accessModes = list('accessMode', v['accessMode'], ACCESS_MODES);
  if (flag('walkIn', v['walkIn']) && !accessModes.includes('walk-in')) accessModes.push('walk-in');
  const moment = helsinkiMoment(now);
  return {
    words,
    lang: askersLanguage(v['lang'], acceptLanguage),
    on: moment.date,
    moment,
    holiday: finnishHolidayOn(moment.date) !== null,
    targetGroups: list('targetGroup', v['targetGroup'], TARGET_GROUPS),
    language,
    municipality,
    near,
    withinKm,
    openNow: flag('openNow', v['openNow']),
    accessModes,
    accessibility: list('accessibility', v['accessibility'], ACCESSIBILITY_FEATURES),
    organisationKinds: list('organisationKind', v['organisationKind'], ORGANISATION_KINDS),
    sort: sort as SearchRequest['sort'],
    limit: integer('limit', v['limit'], 1, 50, 20),
    offset: integer('offset', v['offset'], 0, 10_000, 0),
    from,
  };
}

/** A date parameter of a page (`on`), today when absent. */
export function onDate(value: unknown, today: LocalDate): LocalDate {
  if (value === undefined) return today;
  if (typeof value !== 'string' || !LocalDate.isValid(value)) return refuse('INVALID_DATE', 'on is a date YYYY-MM-DD', { parameter: 'on' });
  return LocalDate.parse(value);
}
