import { checkLocalized, type LocalizedText } from '../localized';
import {
  checkObject,
  orDefault,
  ACCESS_MODES,
  AREA_KINDS,
  checkEnumList,
  checkId,
  checkText,
  invalid,
  LANGUAGES,
  ORGANISATION_KINDS,
  TARGET_GROUPS,
  type AccessMode,
  type AreaKind,
  type Language,
  type OrganisationKind,
  type TargetGroup,
} from '../vocabulary';

export interface Organisation {
  id: string;
  name: LocalizedText;
  kind: OrganisationKind;
}

export interface LegalBasis {
  name: LocalizedText;
  /** The statute's number in Finlex, e.g. '1301/2014' (the Social Welfare Act). */
  reference: string | null;
}

/** What one version of a service says. */
export interface ServiceContent {
  names: LocalizedText;
  summaries: LocalizedText;
  descriptions: LocalizedText;
  keywords: Partial<Record<Language, string[]>>;
  /** The organisation that arranges the service (answers for it) and those that produce it. */
  arranger: Organisation;
  producers: Organisation[];
  targetGroups: TargetGroup[];
  accessModes: AccessMode[];
  legalBasis: LegalBasis[];
  /** The languages the service is given in. */
  languages: Language[];
  area: AreaKind;
  /** Three-digit municipality codes served, when `area` is `municipalities`. */
  municipalities: string[];
  channelIds: string[];
}

const MUNICIPALITY = /^\d{3}$/;

function checkOrganisation(field: string, value: unknown): Organisation {
  if (value === undefined || value === null) throw invalid('MISSING_FIELD', `${field} is required`, { field });
  const o = checkObject(field, value, ['id', 'name', 'kind']);
  if (!(ORGANISATION_KINDS as readonly unknown[]).includes(o['kind']))
    throw invalid('INVALID_VALUE', `${field}.kind is one of ${ORGANISATION_KINDS.join(', ')}`, {
      field: `${field}.kind`,
      allowed: ORGANISATION_KINDS,
    });
  return {
    id: checkId(`${field}.id`, o['id']),
    name: checkLocalized(`${field}.name`, o['name'], 200),
    kind: o['kind'] as OrganisationKind,
  };
}

function list(field: string, value: unknown, max: number): unknown[] {
  value = orDefault(value, [], field);
  if (!Array.isArray(value)) throw invalid('INVALID_LIST', `${field} must be a list`, { field });
  if (value.length > max) throw invalid('LIST_TOO_LONG', `${field} holds more than ${max} entries`, { field, max });
  return value;
}

/**
 * Checks a service version whole and returns it canonical (sorted lists, fixed key order), so the
 * same content always compares equal and a re-sent or re-imported version writes nothing.
 */
export function checkServiceContent(value: unknown): ServiceContent {
  const o = (value && typeof value === 'object' ? value : null) as Record<string, unknown> | null;
  if (!o) throw invalid('INVALID_SERVICE', 'a service version is an object', {});
  const keywordsRaw = orDefault(o['keywords'], {}, 'keywords') as Record<string, unknown>;
  if (typeof keywordsRaw !== 'object' || Array.isArray(keywordsRaw))
    throw invalid('INVALID_LIST', 'keywords is an object of fi, sv, en lists', { field: 'keywords' });
  const keywords: Partial<Record<Language, string[]>> = {};
  for (const [lang, words] of Object.entries(keywordsRaw)) {
    if (!(LANGUAGES as readonly string[]).includes(lang))
      throw invalid('INVALID_LANGUAGE', 'keywords takes only fi, sv and en', { field: 'keywords' });
    const checked = list(`keywords.${lang}`, words, 50).map((w, i) => checkText(`keywords.${lang}[${i}]`, w, 100)!);
    if (checked.length > 0) keywords[lang as Language] = [...new Set(checked)].sort();
  }
  const area = orDefault(o['area'], 'municipalities', 'area');
  if (!(AREA_KINDS as readonly unknown[]).includes(area))
    throw invalid('INVALID_VALUE', `area is one of ${AREA_KINDS.join(', ')}`, { field: 'area', allowed: AREA_KINDS });
  const municipalities = list('municipalities', o['municipalities'], 400).map((m, i) => {
    if (typeof m !== 'string' || !MUNICIPALITY.test(m))
      throw invalid('INVALID_MUNICIPALITY', `municipalities[${i}] is a three-digit code`, { field: `municipalities[${i}]` });
    return m;
  });
  if (area === 'municipalities' && municipalities.length === 0)
    throw invalid('MISSING_FIELD', 'a service offered in some municipalities names them', { field: 'municipalities' });
  if (area !== 'municipalities' && municipalities.length > 0)
    throw invalid('INVALID_VALUE', `a ${String(area)}-wide service names no municipalities`, { field: 'municipalities' });
  const channelIds = list('channelIds', o['channelIds'], 200).map((c, i) => checkId(`channelIds[${i}]`, c));
  return {
    names: checkLocalized('names', o['names'], 200),
    summaries: checkLocalized('summaries', o['summaries'], 500, false),
    descriptions: checkLocalized('descriptions', o['descriptions'], 4000, false),
    keywords,
    arranger: checkOrganisation('arranger', o['arranger']),
    producers: list('producers', o['producers'], 50)
      .map((p, i) => checkOrganisation(`producers[${i}]`, p))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    targetGroups: checkEnumList('targetGroups', orDefault(o['targetGroups'], [], 'targetGroups'), TARGET_GROUPS, true),
    accessModes: checkEnumList('accessModes', orDefault(o['accessModes'], [], 'accessModes'), ACCESS_MODES, true),
    legalBasis: list('legalBasis', o['legalBasis'], 20).map((l, i) => {
      const x = checkObject(`legalBasis[${i}]`, l, ['name', 'reference']);
      return {
        name: checkLocalized(`legalBasis[${i}].name`, x['name'], 300),
        reference: checkText(`legalBasis[${i}].reference`, x['reference'], 50, false),
      };
    }),
    languages: checkEnumList('languages', orDefault(o['languages'], [], 'languages'), LANGUAGES, true),
    area: area as AreaKind,
    municipalities: [...new Set(municipalities)].sort(),
    channelIds: [...new Set(channelIds)].sort(),
  };
}
