import type { LocalDate } from '@luotsi/kernel';
import type {
  AccessibilityFeature,
  AccessMode,
  GeoPoint,
  HelsinkiMoment,
  Language,
  OrganisationKind,
  TargetGroup,
} from '@luotsi/service-catalogue-domain';

/** A search, checked: free text already split into words, "now" read in Helsinki time from the injected clock. */
export interface SearchRequest {
  words: string[];
  lang: Language;
  on: LocalDate;
  moment: HelsinkiMoment;
  /** Whether `on` is a Finnish public holiday (computed by the domain, passed to the SQL). */
  holiday: boolean;
  targetGroups: TargetGroup[];
  language: Language | null;
  municipality: string | null;
  near: GeoPoint | null;
  withinKm: number | null;
  openNow: boolean;
  accessModes: AccessMode[];
  accessibility: AccessibilityFeature[];
  organisationKinds: OrganisationKind[];
  sort: 'relevance' | 'distance' | 'name';
  limit: number;
  offset: number;
}

export interface SearchRow {
  service_id: string;
  valid_from: string;
  content: unknown;
  score: number;
  km: number | null;
  near_channel: string | null;
  total: string | number;
  matched: Record<string, boolean> | null;
}

/** The words of a query as a prefix tsquery: `hammas:* & hoito:*`. Words are letters and digits only, so nothing else reaches to_tsquery. */
export const tsquery = (words: readonly string[]) => words.map((w) => `${w}:*`).join(' & ');

/**
 * The Finnish query: each word as it is, or — for a long word — also without its last two letters,
 * because the Finnish stemmer gives one word different stems in different cases ("kuntoutus" →
 * kuntoutus, "kuntoutuksen" → kuntoutuks): the shared beginning finds them all.
 */
export const finnishTsquery = (words: readonly string[]) =>
  words.map((w) => (w.length >= 9 ? `(${w}:* | ${w.slice(0, -2)}:*)` : `${w}:*`)).join(' & ');

const IN_FORCE = (alias: string, on: string) =>
  `${alias}.valid_from <= ${on} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${on})`;

/** The service's channels valid on the date (the link is the service version's, the channel its own version on the date). */
const channelsOf = (on: string, service = 's', validFrom = 'valid_from') =>
  `sc_service_channels l JOIN sc_channel_versions c ON c.channel_id = l.channel_id AND ${IN_FORCE('c', on)}
   WHERE l.service_id = ${service}.service_id AND l.valid_from = ${service}.${validFrom}`;

/**
 * Whether channel `c` is open at the minute: an exception covering the date decides alone, then a
 * public holiday (closed, or Sunday's hours), then the weekday's hours — the rule of the domain's
 * `hoursOn`, which the service also applies to each result's channels to say until when.
 */
const OPEN = (on: string, minute: string, weekday: string, holiday: string) => `(c.always_open OR (c.has_hours AND CASE
  WHEN EXISTS (SELECT 1 FROM sc_channel_exceptions x WHERE x.channel_id = c.channel_id AND x.valid_from = c.valid_from AND ${on} BETWEEN x.from_date AND x.to_date)
    THEN EXISTS (SELECT 1 FROM sc_channel_exceptions x WHERE x.channel_id = c.channel_id AND x.valid_from = c.valid_from
      AND ${on} BETWEEN x.from_date AND x.to_date AND NOT x.closed AND x.opens <= ${minute} AND ${minute} < x.closes)
  WHEN ${holiday} AND c.holiday_rule = 'closed' THEN false
  ELSE EXISTS (SELECT 1 FROM sc_channel_hours h WHERE h.channel_id = c.channel_id AND h.valid_from = c.valid_from
    AND h.weekday = CASE WHEN ${holiday} AND c.holiday_rule = 'sunday-hours' THEN 7 ELSE ${weekday} END
    AND h.opens <= ${minute} AND ${minute} < h.closes)
END))`;

const DISTANCE = (lat: string, lon: string) =>
  `(2 * 6371 * asin(least(1, sqrt(power(sin(radians(c.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${lon}) / 2), 2)))))`;

const LANGS: Language[] = ['fi', 'sv', 'en'];

/**
 * The search as one SQL statement. `ranked: false` is the floor the benchmark compares with: the
 * same filters and text match, without ranking, distance, explanation or the total.
 */
export function searchSql(r: SearchRequest, ranked = true): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const on = p(r.on, 'date');
  const where: string[] = [IN_FORCE('s', on)];
  const text = r.words.length > 0;
  // The tsqueries are written into the statement (not a CTE), so the planner can take the GIN indexes.
  const Q: Record<Language | 'nm', string> = { fi: '', sv: '', en: '', nm: '' };
  if (text) {
    const t = p(tsquery(r.words), 'text');
    const tFi = p(finnishTsquery(r.words), 'text');
    Object.assign(Q, {
      fi: `to_tsquery('finnish', ${tFi})`,
      sv: `to_tsquery('swedish', ${t})`,
      en: `to_tsquery('english', ${t})`,
      nm: `to_tsquery('simple', ${t})`,
    });
    // One index over every language's vector finds the candidates; each language's own vector ranks them.
    where.push(`s.tsv_all @@ (${Q.fi} || ${Q.sv} || ${Q.en} || ${Q.nm})`);
  }
  if (r.targetGroups.length > 0) where.push(`(s.target_groups && ${p(r.targetGroups, 'text[]')} OR 'everyone' = ANY(s.target_groups))`);
  if (r.language) where.push(`${p(r.language, 'text')} = ANY(s.languages)`);
  if (r.municipality) where.push(`(s.area <> 'municipalities' OR ${p(r.municipality, 'text')} = ANY(s.municipalities))`);
  if (r.accessModes.length > 0) where.push(`s.access_modes @> ${p(r.accessModes, 'text[]')}`);
  if (r.organisationKinds.length > 0) {
    const kinds = p(r.organisationKinds, 'text[]');
    where.push(`(s.arranger_kind = ANY(${kinds}) OR s.producer_kinds && ${kinds})`);
  }
  if (r.accessibility.length > 0) where.push(`EXISTS (SELECT 1 FROM ${channelsOf(on)} AND c.features @> ${p(r.accessibility, 'text[]')})`);
  if (r.openNow)
    where.push(
      `EXISTS (SELECT 1 FROM ${channelsOf(on)} AND ${OPEN(on, p(r.moment.minute, 'int'), p(r.moment.weekday, 'int'), p(r.holiday, 'boolean'))})`,
    );
  const near = r.near;
  // Sorting by distance measures every hit; any other order measures only the page it returns.
  const distanceOnHits = near !== null && r.sort === 'distance';
  let lat = '';
  let lon = '';
  if (near && (ranked || r.withinKm !== null)) {
    lat = p(near.lat, 'float8');
    lon = p(near.lon, 'float8');
    if (r.withinKm !== null) {
      // A box around the point first, so only nearby service points are measured.
      const dLat = r.withinKm / 111.0;
      const dLon = r.withinKm / (111.32 * Math.cos((near.lat * Math.PI) / 180));
      where.push(
        `EXISTS (SELECT 1 FROM ${channelsOf(on)} AND c.lat BETWEEN ${p(near.lat - dLat, 'float8')} AND ${p(near.lat + dLat, 'float8')}
          AND c.lon BETWEEN ${p(near.lon - dLon, 'float8')} AND ${p(near.lon + dLon, 'float8')} AND ${DISTANCE(lat, lon)} <= ${p(r.withinKm, 'float8')})`,
      );
    }
  }
  const nearest = (service: string, validFrom: string) =>
    `LEFT JOIN LATERAL (SELECT c.channel_id, ${DISTANCE(lat, lon)} AS km FROM ${channelsOf(on, service, validFrom)} AND c.lat IS NOT NULL ORDER BY km, c.channel_id LIMIT 1) near ON true`;
  if (!ranked)
    return {
      sql: `SELECT s.service_id FROM sc_service_versions s WHERE ${where.join(' AND ')} LIMIT ${p(r.limit, 'int')} OFFSET ${p(r.offset, 'int')}`,
      params,
    };
  const boost = (l: Language) => (l === r.lang ? 1.25 : 1);
  const score = text
    ? `greatest(${LANGS.map((l) => `CASE WHEN s.tsv_${l} @@ ${Q[l]} THEN ts_rank(s.tsv_${l}, ${Q[l]}) * ${boost(l)} ELSE 0 END`).join(', ')}) + CASE WHEN s.tsv_names @@ ${Q.nm} THEN 0.5 * ts_rank(s.tsv_names, ${Q.nm}) ELSE 0 END`
    : '0';
  // Sorting by name reads each hit's names; any other order leaves the content for the page.
  const name =
    r.sort === 'name'
      ? `lower(coalesce(s.content->'names'->>${p(r.lang, 'text')}, s.content->'names'->>'fi', s.content->'names'->>'sv', s.content->'names'->>'en'))`
      : 'NULL::text';
  const order =
    r.sort === 'distance'
      ? 'km ASC NULLS LAST, score DESC, service_id'
      : r.sort === 'name'
        ? 'sort_name, service_id'
        : 'score DESC, service_id';
  // Which field matched, read from the stored vector's weights (A name, B keywords, C summary, D description):
  // nothing is parsed again for the page.
  const weights = { name: 'a', keywords: 'b', summary: 'c', description: 'd' } as const;
  const matched = text
    ? `json_build_object(${LANGS.flatMap((l) =>
        Object.entries(weights).map(([f, w]) => `'${f}.${l}', ts_filter(d.tsv_${l}, '{${w}}') @@ ${Q[l]}`),
      ).join(
        ', ',
      )}, 'organisation', to_tsvector('simple', coalesce((SELECT string_agg(v.value, ' ') FROM jsonb_array_elements(jsonb_build_array(d.content->'arranger') || (d.content->'producers')) pr, jsonb_each_text(pr->'name') v), '')) @@ ${Q.nm})`
    : 'NULL';
  const sql = `WITH hits AS (
    SELECT s.service_id, s.valid_from AS vf, ${score} AS score,
      ${distanceOnHits ? 'near.km, near.channel_id AS near_channel' : 'NULL::float8 AS km, NULL::text AS near_channel'},
      ${name} AS sort_name
    FROM sc_service_versions s ${distanceOnHits ? nearest('s', 'valid_from') : ''}
    WHERE ${where.join(' AND ')}
  ),
  -- The hits carry no content: only the page's rows are read whole (below).
  page AS (SELECT hits.*, count(*) OVER () AS total FROM hits ORDER BY ${order} LIMIT ${p(r.limit, 'int')} OFFSET ${p(r.offset, 'int')})
  SELECT page.service_id, page.vf::text AS valid_from, d.content, page.score::float8 AS score,
    ${near && !distanceOnHits ? 'near.km::float8 AS km, near.channel_id AS near_channel' : 'page.km::float8 AS km, page.near_channel'}, page.total,
    ${matched} AS matched
  FROM page JOIN sc_service_versions d ON d.service_id = page.service_id AND d.valid_from = page.vf
    ${near && !distanceOnHits ? nearest('page', 'vf') : ''}
  ORDER BY ${order
    .replace('sort_name', 'page.sort_name')
    .replace('km ASC', 'page.km ASC')
    .replace('score DESC', 'page.score DESC')
    .replace(/service_id$/, 'page.service_id')}`;
  return { sql, params };
}
