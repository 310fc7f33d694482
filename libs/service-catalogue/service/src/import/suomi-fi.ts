import { DomainError, LocalDate } from '@luotsi/kernel';
import {
  ACCESS_MODES,
  checkId,
  checkText,
  fromTm35fin,
  isLanguage,
  WEEKDAYS,
  type AccessibilityFeature,
  type Language,
  type LocalizedText,
} from '@luotsi/service-catalogue-domain';

/*
 * The Suomi.fi service catalogue's open data shape (the PTV open API's `Service` and
 * `ServiceChannel` items, one page `{ pageNumber, pageCount, itemList }`), read as far as the
 * catalogue needs it. Every field read is checked; a row that does not fit is that row's error.
 * What the national catalogue does not carry is said where it is filled in.
 */

type Obj = Record<string, unknown>;

const bad = (field: string, message: string, code = 'INVALID_ROW'): never => {
  throw new DomainError(code, `${field}: ${message}`, { field }, 'validation');
};
const obj = (v: unknown, field: string): Obj =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : bad(field, 'must be an object');
const arr = (v: unknown, field: string, optional = true): unknown[] =>
  v === undefined && optional
    ? []
    : Array.isArray(v)
      ? v.length <= 500
        ? v
        : bad(field, 'holds more than 500 entries')
      : bad(field, 'must be a list');
const str = (v: unknown, field: string): string => (typeof v === 'string' ? v : bad(field, 'must be text'));

/** `[{ language, value, type? }]` → the texts of one type in fi/sv/en; other languages of the catalogue are left out. */
function texts(list: unknown, field: string, type?: string): LocalizedText {
  const out: LocalizedText = {};
  arr(list, field).forEach((item, i) => {
    const o = obj(item, `${field}[${i}]`);
    const language = str(o['language'], `${field}[${i}].language`);
    if (!/^[a-z]{2}$/.test(language)) bad(`${field}[${i}].language`, 'is a two-letter language code');
    if (type !== undefined && str(o['type'], `${field}[${i}].type`) !== type) return;
    const value = checkText(`${field}[${i}].value`, o['value'], 4000)!;
    if (isLanguage(language) && out[language] === undefined) out[language] = value;
  });
  return out;
}

function languages(list: unknown, field: string): Language[] {
  return arr(list, field).flatMap((l, i) => {
    const code = str(l, `${field}[${i}]`);
    if (!/^[a-z]{2}$/.test(code)) bad(`${field}[${i}]`, 'is a two-letter language code');
    return isLanguage(code) ? [code] : [];
  });
}

/**
 * Suomi.fi target group codes → the catalogue's groups (the citizens' branch KR1 of the
 * classification as this import reads it; a code it does not know is the row's error, not a guess).
 */
export const TARGET_GROUP_CODES: Readonly<Record<string, string>> = {
  KR1: 'everyone',
  'KR1.1': 'children-and-families',
  'KR1.2': 'older-people',
  'KR1.3': 'people-with-disabilities',
  'KR1.4': 'immigrants',
  'KR1.5': 'young-people',
  'KR1.6': 'unemployed',
  'KR1.7': 'working-age',
};

/** Suomi.fi organisation types → who arranges or produces (the state's own agencies are not the county's to list). */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  WellbeingServiceCounty: 'county',
  RegionalOrganization: 'county',
  SotePublic: 'county',
  Municipality: 'municipality',
  Company: 'private',
  SotePrivate: 'private',
  Organization: 'third-sector',
};

function organisation(v: unknown, field: string) {
  const o = obj(v, field);
  const type = str(o['organizationType'], `${field}.organizationType`);
  const kind =
    ORGANISATION_TYPES[type] ??
    bad(`${field}.organizationType`, `is one of ${Object.keys(ORGANISATION_TYPES).join(', ')}`, 'UNKNOWN_ORGANISATION_TYPE');
  const name = str(o['name'], `${field}.name`);
  return { id: checkId(`${field}.id`, o['id']), name: { fi: name }, kind };
}

export interface ImportedService {
  serviceId: string;
  /** Published: a version from the import's date; anything else withdraws it from then. */
  published: boolean;
  content: unknown;
}

/** A Suomi.fi `Service` item → the catalogue's service (its content is checked by the decider). */
export function serviceFromSuomiFi(item: unknown): ImportedService {
  const o = obj(item, 'item');
  const serviceId = checkId('id', o['id']);
  const status = str(o['publishingStatus'], 'publishingStatus');
  if (!['Published', 'Deleted', 'Withdrawn', 'Archived'].includes(status))
    bad('publishingStatus', 'is Published, Deleted, Withdrawn or Archived');
  if (status !== 'Published') return { serviceId, published: false, content: null };
  const keywords: Partial<Record<Language, string[]>> = {};
  arr(o['keywords'], 'keywords').forEach((k, i) => {
    const x = obj(k, `keywords[${i}]`);
    const language = str(x['language'], `keywords[${i}].language`);
    const value = checkText(`keywords[${i}].value`, x['value'], 100)!;
    if (isLanguage(language)) (keywords[language] ??= []).push(value);
  });
  const targetGroups = arr(o['targetGroups'], 'targetGroups').map((t, i) => {
    const code = str(obj(t, `targetGroups[${i}]`)['code'], `targetGroups[${i}].code`);
    return (
      TARGET_GROUP_CODES[code] ??
      bad(`targetGroups[${i}].code`, 'is not a resident target group this catalogue knows', 'UNKNOWN_TARGET_GROUP')
    );
  });
  const areaType = str(o['areaType'], 'areaType');
  let area: string;
  const municipalities: string[] = [];
  if (areaType === 'Nationwide' || areaType === 'NationwideExceptAlandIslands') area = 'nationwide';
  else if (areaType === 'AreaType') {
    area = 'municipalities';
    arr(o['areas'], 'areas').forEach((a, i) => {
      const x = obj(a, `areas[${i}]`);
      const type = str(x['type'], `areas[${i}].type`);
      if (type === 'WellbeingServiceCounty' || type === 'Province') area = 'county';
      else if (type === 'Municipality')
        arr(x['municipalities'], `areas[${i}].municipalities`).forEach((m, j) =>
          municipalities.push(str(obj(m, `areas[${i}].municipalities[${j}]`)['code'], `areas[${i}].municipalities[${j}].code`)),
        );
      else bad(`areas[${i}].type`, 'is Municipality, WellbeingServiceCounty or Province');
    });
  } else return bad('areaType', 'is Nationwide, NationwideExceptAlandIslands or AreaType');
  const orgs = arr(o['organizations'], 'organizations').map((x, i) => {
    const r = obj(x, `organizations[${i}]`);
    const role = str(r['roleType'], `organizations[${i}].roleType`);
    if (role !== 'Responsible' && role !== 'Producer' && role !== 'OtherResponsible')
      bad(`organizations[${i}].roleType`, 'is Responsible, OtherResponsible or Producer');
    return { role, organisation: organisation(r['organization'], `organizations[${i}].organization`) };
  });
  const arranger =
    orgs.find((x) => x.role === 'Responsible')?.organisation ?? bad('organizations', 'names no Responsible organisation', 'MISSING_FIELD');
  const vouchers = o['serviceVouchersInUse'];
  if (vouchers !== undefined && typeof vouchers !== 'boolean') bad('serviceVouchersInUse', 'is true or false');
  // How to get the service is not a field of the national catalogue: the county's export adds
  // `accessModes` (Uusimaa's walk-in/appointment mapping); without it an appointment is assumed.
  const modes =
    o['accessModes'] === undefined ? ['appointment'] : arr(o['accessModes'], 'accessModes').map((m, i) => str(m, `accessModes[${i}]`));
  if (modes.some((m) => !(ACCESS_MODES as readonly string[]).includes(m)))
    bad('accessModes', `holds values outside ${ACCESS_MODES.join(', ')}`);
  return {
    serviceId,
    published: true,
    content: {
      names: texts(o['serviceNames'], 'serviceNames', 'Name'),
      summaries: texts(o['serviceDescriptions'], 'serviceDescriptions', 'Summary'),
      descriptions: texts(o['serviceDescriptions'], 'serviceDescriptions', 'Description'),
      keywords,
      arranger,
      producers: orgs.filter((x) => x.role === 'Producer').map((x) => x.organisation),
      targetGroups,
      accessModes: vouchers === true ? [...modes, 'voucher'] : modes,
      legalBasis: arr(o['legislation'], 'legislation').map((l, i) => {
        const name = texts(obj(l, `legislation[${i}]`)['names'], `legislation[${i}].names`);
        const reference = /\b(\d{1,4}\/(19|20)\d{2})\b/.exec(Object.values(name).join(' '))?.[1] ?? null;
        return { name, reference };
      }),
      languages: languages(o['languages'], 'languages'),
      area,
      municipalities,
      channelIds: arr(o['serviceChannels'], 'serviceChannels').map((c, i) =>
        checkId(
          `serviceChannels[${i}].serviceChannel.id`,
          obj(obj(c, `serviceChannels[${i}]`)['serviceChannel'], `serviceChannels[${i}].serviceChannel`)['id'],
        ),
      ),
    },
  };
}

const DAY: Record<string, (typeof WEEKDAYS)[number]> = {
  Monday: 'mon',
  Tuesday: 'tue',
  Wednesday: 'wed',
  Thursday: 'thu',
  Friday: 'fri',
  Saturday: 'sat',
  Sunday: 'sun',
};
const hhmm = (v: unknown, field: string): string => {
  const s = str(v, field);
  const m = /^(\d{2}):(\d{2})(:00)?$/.exec(s) ?? bad(field, 'is a time HH:MM:SS');
  return m[1] === '00' && m[2] === '00' && field.endsWith('.to') ? '24:00' : `${m[1]}:${m[2]}`;
};
const day = (v: unknown, field: string): LocalDate => {
  const s = str(v, field).slice(0, 10);
  return LocalDate.isValid(s) ? LocalDate.parse(s) : bad(field, 'is a date');
};

/** Suomi.fi `serviceHours` → weekly hours and exceptions (Standard hours are the weekly ones; Exception and Special are dated). */
function hours(list: unknown) {
  const weekly: Array<{ day: string; opens: string; closes: string }> = [];
  const exceptions: Array<Record<string, unknown>> = [];
  arr(list, 'serviceHours').forEach((h, i) => {
    const f = `serviceHours[${i}]`;
    const x = obj(h, f);
    const type = str(x['serviceHourType'], `${f}.serviceHourType`);
    const ranges = arr(x['openingHour'], `${f}.openingHour`).map((r, j) => {
      const o = obj(r, `${f}.openingHour[${j}]`);
      const from =
        DAY[str(o['dayFrom'], `${f}.openingHour[${j}].dayFrom`)] ?? bad(`${f}.openingHour[${j}].dayFrom`, 'is a weekday Monday–Sunday');
      const to =
        o['dayTo'] === undefined || o['dayTo'] === null
          ? from
          : (DAY[str(o['dayTo'], `${f}.openingHour[${j}].dayTo`)] ?? bad(`${f}.openingHour[${j}].dayTo`, 'is a weekday'));
      const opens = hhmm(o['from'], `${f}.openingHour[${j}].from`);
      const closes = hhmm(o['to'], `${f}.openingHour[${j}].to`);
      const days = WEEKDAYS.slice(WEEKDAYS.indexOf(from), WEEKDAYS.indexOf(to) + 1);
      return { days: days.length > 0 ? days : [from], opens, closes };
    });
    if (type === 'Standard') ranges.forEach((r) => r.days.forEach((d) => weekly.push({ day: d, opens: r.opens, closes: r.closes })));
    else if (type === 'Exception' || type === 'Special') {
      const closed = x['isClosed'] === true;
      if (x['isClosed'] !== undefined && typeof x['isClosed'] !== 'boolean') bad(`${f}.isClosed`, 'is true or false');
      const from = day(x['validFrom'], `${f}.validFrom`);
      exceptions.push({
        from,
        to: x['validTo'] === undefined || x['validTo'] === null ? from : day(x['validTo'], `${f}.validTo`),
        closed,
        hours: closed ? [] : ranges.map((r) => ({ opens: r.opens, closes: r.closes })),
        description: texts(x['additionalInformation'], `${f}.additionalInformation`),
      });
    } else bad(`${f}.serviceHourType`, 'is Standard, Exception or Special');
  });
  // The national catalogue states no holiday rule: a unit open on Sundays keeps its Sunday hours on
  // public holidays (round-the-clock units stay open), any other closes on them.
  return { weekly, publicHolidays: weekly.some((r) => r.day === 'sun') ? 'sunday-hours' : 'closed', exceptions };
}

/**
 * Accessibility facts named in the accessibility register's sentences (Finnish), as filters ask
 * for them. The sentences themselves are kept as the notes; this only reads what they state.
 */
const FEATURE_WORDS: Array<[AccessibilityFeature, RegExp]> = [
  ['step-free-access', /esteetön (sisään|kulku)|ei portaita|porrashissi|luiska/i],
  ['accessible-toilet', /esteetön (wc|vessa|käymälä)|inva-?wc/i],
  ['induction-loop', /induktiosilmukka/i],
  ['accessible-parking', /invapysäköinti|inva-?paikka|liikkumisesteisten pysäköinti/i],
];

export interface ImportedChannel {
  channelId: string;
  published: boolean;
  content: unknown;
}

const KINDS: Record<string, string> = { ServiceLocation: 'service-point', Phone: 'phone', EChannel: 'e-service' };

/** A Suomi.fi `ServiceChannel` item → the catalogue's channel. Web pages and printable forms are not channels one is served through. */
export function channelFromSuomiFi(item: unknown): ImportedChannel {
  const o = obj(item, 'item');
  const channelId = checkId('id', o['id']);
  const status = str(o['publishingStatus'], 'publishingStatus');
  if (!['Published', 'Deleted', 'Withdrawn', 'Archived'].includes(status))
    bad('publishingStatus', 'is Published, Deleted, Withdrawn or Archived');
  if (status !== 'Published') return { channelId, published: false, content: null };
  const type = str(o['serviceChannelType'], 'serviceChannelType');
  const kind = KINDS[type] ?? bad('serviceChannelType', 'is ServiceLocation, Phone or EChannel', 'UNSUPPORTED_CHANNEL_TYPE');
  const addresses = arr(o['addresses'], 'addresses').map((a, i) => obj(a, `addresses[${i}]`));
  const location = addresses.find((a) => a['type'] === 'Location');
  let address: unknown = null;
  let point: { lat: number; lon: number } | null = null;
  if (location) {
    const s = obj(location['streetAddress'], 'addresses.streetAddress');
    const number = s['streetNumber'] === undefined ? '' : ` ${checkText('addresses.streetAddress.streetNumber', s['streetNumber'], 20)}`;
    const street = texts(s['street'], 'addresses.streetAddress.street');
    address = {
      street: Object.fromEntries(Object.entries(street).map(([l, v]) => [l, `${v}${number}`])),
      postalCode: s['postalCode'],
      postOffice: texts(s['postOffice'], 'addresses.streetAddress.postOffice'),
      municipalityCode: obj(s['municipality'], 'addresses.streetAddress.municipality')['code'],
    };
    // The catalogue's coordinates are ETRS-TM35FIN: "latitude" holds the northing, "longitude" the easting.
    if (s['coordinateState'] === 'Ok') {
      const n = Number(str(s['latitude'], 'addresses.streetAddress.latitude'));
      const e = Number(str(s['longitude'], 'addresses.streetAddress.longitude'));
      if (!Number.isFinite(n) || !Number.isFinite(e)) bad('addresses.streetAddress.latitude', 'is an ETRS-TM35FIN coordinate');
      point = fromTm35fin(n, e);
    }
  }
  const phones = arr(o['phoneNumbers'], 'phoneNumbers').map((p, i) => obj(p, `phoneNumbers[${i}]`));
  const phone = phones[0]
    ? {
        number: `${phones[0]['prefixNumber'] === undefined ? '' : `${str(phones[0]['prefixNumber'], 'phoneNumbers[0].prefixNumber')} `}${str(phones[0]['number'], 'phoneNumbers[0].number')}`,
        chargeInfo: texts(
          phones[0]['chargeDescription'] === undefined ? [] : [{ language: 'fi', value: phones[0]['chargeDescription'] }],
          'phoneNumbers[0].chargeDescription',
        ),
      }
    : null;
  const pages = arr(o['webPages'], 'webPages').map((w, i) => obj(w, `webPages[${i}]`));
  const url = pages.length > 0 ? str(pages[0]!['url'], 'webPages[0].url') : null;
  const sentences = arr(o['accessibilitySentences'], 'accessibilitySentences').flatMap((g, i) =>
    arr(obj(g, `accessibilitySentences[${i}]`)['sentences'], `accessibilitySentences[${i}].sentences`).map((s, j) =>
      texts(obj(s, `accessibilitySentences[${i}].sentences[${j}]`)['sentence'], `accessibilitySentences[${i}].sentences[${j}].sentence`),
    ),
  );
  const notes: LocalizedText = {};
  for (const l of ['fi', 'sv', 'en'] as const) {
    const joined = sentences
      .map((s) => s[l])
      .filter(Boolean)
      .join(' ');
    if (joined) notes[l] = joined.slice(0, 2000);
  }
  const serviceHours = arr(o['serviceHours'], 'serviceHours');
  return {
    channelId,
    published: true,
    content: {
      kind,
      names: texts(o['serviceChannelNames'], 'serviceChannelNames', 'Name'),
      descriptions: texts(o['serviceChannelDescriptions'], 'serviceChannelDescriptions', 'Description'),
      organisationId: o['organizationId'] === undefined ? null : o['organizationId'],
      languages: languages(o['languages'], 'languages'),
      address,
      location: point,
      locationPrecision: point ? 'address' : null,
      phone,
      url,
      openingHours: serviceHours.length > 0 ? hours(serviceHours) : null,
      accessibility: { features: FEATURE_WORDS.filter(([, re]) => re.test(notes.fi ?? '')).map(([f]) => f), notes },
    },
  };
}
