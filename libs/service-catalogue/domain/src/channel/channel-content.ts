import { checkPoint, type GeoPoint } from '../coordinates';
import { checkLocalized, type LocalizedText } from '../localized';
import { checkOpeningHours, type OpeningHours } from '../opening-hours';
import {
  ACCESSIBILITY_FEATURES,
  CHANNEL_KINDS,
  checkEnumList,
  checkId,
  checkText,
  checkObject,
  invalid,
  LANGUAGES,
  orDefault,
  type AccessibilityFeature,
  type ChannelKind,
  type Language,
} from '../vocabulary';

export interface Address {
  street: LocalizedText;
  postalCode: string;
  postOffice: LocalizedText;
  municipalityCode: string;
}

/**
 * One version of a service channel: a service point (address, coordinates), a phone line, an
 * e-service or a chat. `openingHours` null means none are stated, except for an e-service, which is
 * there at any time; `openingHoursText` keeps hours only given as prose (provider choice's stations).
 */
export interface ChannelContent {
  kind: ChannelKind;
  names: LocalizedText;
  descriptions: LocalizedText;
  organisationId: string | null;
  languages: Language[];
  address: Address | null;
  location: GeoPoint | null;
  /** How exact `location` is: the address itself, or only its postal code area's centre. */
  locationPrecision: 'address' | 'postal-code' | null;
  phone: { number: string; chargeInfo: LocalizedText } | null;
  url: string | null;
  openingHours: OpeningHours | null;
  openingHoursText: LocalizedText;
  accessibility: { features: AccessibilityFeature[]; notes: LocalizedText };
}

const PHONE = /^\+?[0-9][0-9 ]{4,19}$/;
const POSTAL = /^\d{5}$/;
const MUNICIPALITY = /^\d{3}$/;

function checkUrl(field: string, value: unknown): string {
  const text = checkText(field, value, 500)!;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('INVALID_URL', `${field} is not a URL`, { field });
  }
  if (url.protocol !== 'https:') throw invalid('INVALID_URL', `${field} must be an https address`, { field });
  return url.toString();
}

/** Checks a channel version whole; each kind needs what a resident uses it by (an address, a number, a link). */
export function checkChannelContent(value: unknown): ChannelContent {
  const o = checkObject('channel', value, [
    'kind',
    'names',
    'descriptions',
    'organisationId',
    'languages',
    'address',
    'location',
    'locationPrecision',
    'phone',
    'url',
    'openingHours',
    'openingHoursText',
    'accessibility',
  ]);
  const kind = o['kind'];
  if (!(CHANNEL_KINDS as readonly unknown[]).includes(kind))
    throw invalid('INVALID_VALUE', `kind is one of ${CHANNEL_KINDS.join(', ')}`, { field: 'kind', allowed: CHANNEL_KINDS });
  let address: Address | null = null;
  if (o['address'] !== null && o['address'] !== undefined) {
    const a = checkObject('address', o['address'], ['street', 'postalCode', 'postOffice', 'municipalityCode']);
    if (typeof a['postalCode'] !== 'string' || !POSTAL.test(a['postalCode']))
      throw invalid('INVALID_ADDRESS', 'address.postalCode is five digits', { field: 'address.postalCode' });
    if (typeof a['municipalityCode'] !== 'string' || !MUNICIPALITY.test(a['municipalityCode']))
      throw invalid('INVALID_ADDRESS', 'address.municipalityCode is three digits', { field: 'address.municipalityCode' });
    address = {
      street: checkLocalized('address.street', a['street'], 200),
      postalCode: a['postalCode'],
      postOffice: checkLocalized('address.postOffice', a['postOffice'], 100, false),
      municipalityCode: a['municipalityCode'],
    };
  }
  const l = o['location'] === null || o['location'] === undefined ? null : checkObject('location', o['location'], ['lat', 'lon']);
  const location = l === null ? null : checkPoint('location', l['lat'], l['lon']);
  const precision =
    o['locationPrecision'] === undefined || o['locationPrecision'] === null ? (location ? 'address' : null) : o['locationPrecision'];
  if (location && precision !== 'address' && precision !== 'postal-code')
    throw invalid('INVALID_VALUE', 'locationPrecision is address or postal-code', { field: 'locationPrecision' });
  let phone: ChannelContent['phone'] = null;
  if (o['phone'] !== null && o['phone'] !== undefined) {
    const p = checkObject('phone', o['phone'], ['number', 'chargeInfo']);
    if (typeof p['number'] !== 'string' || !PHONE.test(p['number']))
      throw invalid('INVALID_PHONE', 'phone.number is digits, spaces and an optional leading +', { field: 'phone.number' });
    phone = { number: p['number'], chargeInfo: checkLocalized('phone.chargeInfo', p['chargeInfo'], 300, false) };
  }
  const url = o['url'] === null || o['url'] === undefined ? null : checkUrl('url', o['url']);
  const need = (ok: unknown, field: string, what: string) => {
    if (!ok) throw invalid('MISSING_FIELD', `a ${String(kind)} channel needs ${what}`, { field, kind });
  };
  // Coordinates may be missing (the catalogue's coordinateState "NotReceived"): the point is then found by text and area, not by distance.
  if (kind === 'service-point') need(address, 'address', 'an address');
  if (kind === 'phone') need(phone, 'phone', 'a phone number');
  if (kind === 'e-service' || kind === 'chat') need(url, 'url', 'an https address');
  const acc = checkObject('accessibility', orDefault(o['accessibility'], {}, 'accessibility'), ['features', 'notes']);
  return {
    kind: kind as ChannelKind,
    names: checkLocalized('names', o['names'], 200),
    descriptions: checkLocalized('descriptions', o['descriptions'], 4000, false),
    organisationId:
      o['organisationId'] === null || o['organisationId'] === undefined ? null : checkId('organisationId', o['organisationId']),
    languages: checkEnumList('languages', orDefault(o['languages'], [], 'languages'), LANGUAGES, true),
    address,
    location,
    locationPrecision: location ? (precision as 'address' | 'postal-code') : null,
    phone,
    url,
    openingHours:
      o['openingHours'] === null || o['openingHours'] === undefined ? null : checkOpeningHours('openingHours', o['openingHours']),
    openingHoursText: checkLocalized('openingHoursText', o['openingHoursText'], 500, false),
    accessibility: {
      features: checkEnumList(
        'accessibility.features',
        orDefault(acc['features'], [], 'accessibility.features'),
        ACCESSIBILITY_FEATURES,
        false,
      ),
      notes: checkLocalized('accessibility.notes', acc['notes'], 2000, false),
    },
  };
}
