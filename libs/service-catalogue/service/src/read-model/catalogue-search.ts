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
  /** False when the search stopped counting at COUNTED_UP_TO (a filter on the channels). */
  total_exact: boolean;
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
 * The union of a search row's vectors, as its text index is built (an expression, so the union is
 * not stored beside its parts): a query in any language matches a word in any of them.
 */
const ALL_VECTORS = '(s.tsv_fi || s.tsv_sv || s.tsv_en || s.tsv_names)';

/**
 * With a filter on the channels (open now, accessibility, within a distance), a search counts its
 * hits only up to this many and says so (`total_exact: false`): each hit's channels are looked up
 * one by one, in the page's order, until the page and this many are found, instead of checking
 * every hit of a common word ("terveysasema" hits thousands) for a number nobody pages through.
 */
export const COUNTED_UP_TO = 200;

/** How many hits, per one that must pass the channel filters, are first sorted apart from the rest (see searchSql's inOrder). */
const FIRST_SORTED_PER_PASS = 4;

/**
 * Sorting by distance first takes the service points within 1 km of the point (from the channels'
 * side, through their coordinate index), then 4, 16 … km: where service points are dense the
 * nearest page is close by and a small box holds it; where they are sparse a wide box holds few.
 * Only when no box fills the page is every hit's distance measured (`null`).
 */
export const DISTANCE_ROUNDS_KM: readonly number[] = [1, 4, 16, 64, 256];

/** The rounds a search takes: one, or with `sort=distance` the widening boxes (inside `withinKm`) and then every hit. */
export const roundsOf = (r: SearchRequest): readonly (number | null)[] =>
  r.near && r.sort === 'distance' ? [...DISTANCE_ROUNDS_KM.filter((km) => r.withinKm === null || km < r.withinKm), null] : [null];

/**
 * PostgreSQL's default random_page_cost (4) is priced for spinning disks; the catalogue is small
 * and cached, and at that price the planner reads every service (60 ms) rather than the text
 * index's few thousand hits (10 ms) whenever its estimate of a common word's hits is a little
 * high. runSearch sets it for its own transaction alone (`set_config(…, true)` is SET LOCAL), not
 * for every session, in the statement that also reads the words' stems (candidatesOf).
 */
const prepareSql = (r: SearchRequest) =>
  r.words.length === 1
    ? {
        sql: `SELECT set_config('random_page_cost', '1.1', true) AS setting,
            (to_tsquery('finnish', $1::text) || to_tsquery('swedish', $2::text) || to_tsquery('english', $2::text) || to_tsquery('simple', $2::text))::text AS candidates`,
        params: [finnishTsquery(r.words), tsquery(r.words)],
      }
    : { sql: `SELECT set_config('random_page_cost', '1.1', true) AS setting, NULL::text AS candidates`, params: [] };

/**
 * The candidates' query of a one-word search, shorter: the four languages' queries of one word are
 * all prefixes, mostly of one another ('terveysasem':* | 'terveysasemal':* | 'terveysasemalla':* …),
 * and the text index reads each prefix's hits anew (a common word's thousands four or five times).
 * A prefix that begins with another kept one matches nothing the other does not, so it goes. Null
 * (the whole union, as searchSql writes it) unless the union is plainly `'a':* | 'b':* …`.
 */
export function candidatesOf(union: string | null): string | null {
  if (!union) return null;
  const operand = /^'([^'\\]+)':\*$/;
  const lexemes: string[] = [];
  for (const part of union.split(' | ')) {
    const m = operand.exec(part);
    if (!m) return null;
    lexemes.push(m[1]!);
  }
  const kept: string[] = [];
  for (const l of [...new Set(lexemes)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)))
    if (!kept.some((k) => l.startsWith(k))) kept.push(l);
  return kept.map((l) => `'${l}':*`).join(' | ');
}

/**
 * Runs a search with the given query function, which must run its statements in one transaction
 * (the search's settings are local to it): the rounds of `roundsOf` until one fills the page. A
 * box holds every service whose nearest point is inside it, so a box that fills the page is the
 * nearest page; one that does not cannot tell what lies beyond it.
 */
export async function runSearch(query: (sql: string, params: unknown[]) => Promise<SearchRow[]>, r: SearchRequest): Promise<SearchRow[]> {
  const prepare = prepareSql(r);
  const [prepared] = (await query(prepare.sql, prepare.params)) as unknown as Array<{ candidates: string | null }>;
  const candidates = candidatesOf(prepared?.candidates ?? null);
  const rounds = roundsOf(r);
  let rows: SearchRow[] = [];
  for (const radiusKm of rounds) {
    const { sql, params } = searchSql(r, true, radiusKm, candidates);
    rows = await query(sql, params);
    if (rows.length >= r.limit) break;
  }
  return rows;
}

/**
 * The search as one SQL statement. `ranked: false` is the floor the benchmark compares with: the
 * same filters and text match, without ranking, distance, explanation or the total.
 *
 * Three shapes: a plain search ranks every hit and checks the channel filters lazily in rank order;
 * a distance sort with `radiusKm` (a round) takes its candidates from the service points within the
 * box; a distance sort without measures every hit's nearest point. `candidates` is the text index's
 * query as candidatesOf shortened it (the same matches), else the union of the four languages'.
 */
export function searchSql(
  r: SearchRequest,
  ranked = true,
  radiusKm: number | null = null,
  candidates: string | null = null,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const on = p(r.on, 'date');
  // Filters on the service's own row (checked for every hit) and on its channels (a look-up per
  // hit, checked lazily where the order allows).
  const where: string[] = [IN_FORCE('s', on)];
  const onChannels: string[] = [];
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
    where.push(`${ALL_VECTORS} @@ ${candidates !== null ? p(candidates, 'tsquery') : `(${Q.fi} || ${Q.sv} || ${Q.en} || ${Q.nm})`}`);
  }
  if (r.targetGroups.length > 0) where.push(`(s.target_groups && ${p(r.targetGroups, 'text[]')} OR 'everyone' = ANY(s.target_groups))`);
  if (r.language) where.push(`${p(r.language, 'text')} = ANY(s.languages)`);
  // Offered everywhere ('*') or in the municipality: `places` is the area as one array, indexed.
  if (r.municipality) where.push(`s.places && ARRAY['*', ${p(r.municipality, 'text')}]`);
  if (r.accessModes.length > 0) where.push(`s.access_modes @> ${p(r.accessModes, 'text[]')}`);
  if (r.organisationKinds.length > 0) {
    const kinds = p(r.organisationKinds, 'text[]');
    where.push(`(s.arranger_kind = ANY(${kinds}) OR s.producer_kinds && ${kinds})`);
  }
  // A row lacking a feature in every version of its channels has no channel with it on any day.
  if (r.accessibility.length > 0) where.push(`s.channel_features @> ${p(r.accessibility, 'text[]')}`);
  if (r.accessibility.length > 0)
    onChannels.push(`EXISTS (SELECT 1 FROM ${channelsOf(on)} AND c.features @> ${p(r.accessibility, 'text[]')})`);
  if (r.openNow)
    onChannels.push(
      `EXISTS (SELECT 1 FROM ${channelsOf(on)} AND ${OPEN(on, p(r.moment.minute, 'int'), p(r.moment.weekday, 'int'), p(r.holiday, 'boolean'))})`,
    );
  const near = r.near;
  // The point's parameters, added when a distance is first written (the floor may need none).
  let point: { lat: string; lon: string } | null = null;
  const at = () => (point ??= { lat: p(near!.lat, 'float8'), lon: p(near!.lon, 'float8') });
  const distance = () => DISTANCE(at().lat, at().lon);
  // A box around the point, so only nearby service points are measured (a tenth wider than the
  // circle, which at these latitudes it then surely holds), then the exact distance.
  const boxOf = (km: number) => {
    const dLat = (km / 111.0) * 1.1;
    const dLon = (km / (111.32 * Math.cos((near!.lat * Math.PI) / 180))) * 1.1;
    return { latLo: near!.lat - dLat, latHi: near!.lat + dLat, lonLo: near!.lon - dLon, lonHi: near!.lon + dLon };
  };
  const inBox = (km: number) => {
    const b = boxOf(km);
    return `c.lat BETWEEN ${p(b.latLo, 'float8')} AND ${p(b.latHi, 'float8')}
      AND c.lon BETWEEN ${p(b.lonLo, 'float8')} AND ${p(b.lonHi, 'float8')} AND ${distance()} <= ${p(km, 'float8')}`;
  };
  const withinKm = near ? r.withinKm : null;
  // A service none of whose points (in any version of its channels) lies in the box has no point
  // within the distance on any day: its row's box says so before its channels are read.
  if (withinKm !== null) {
    const b = boxOf(withinKm);
    where.push(`s.max_lat >= ${p(b.latLo, 'float8')} AND s.min_lat <= ${p(b.latHi, 'float8')}
      AND s.max_lon >= ${p(b.lonLo, 'float8')} AND s.min_lon <= ${p(b.lonHi, 'float8')}`);
  }
  // Built where it is used (each use adds its parameters).
  const within = () => (withinKm !== null ? [`EXISTS (SELECT 1 FROM ${channelsOf(on)} AND ${inBox(withinKm)})`] : []);
  if (!ranked)
    return {
      sql: `SELECT s.service_id FROM sc_service_search s WHERE ${[...where, ...onChannels, ...within()].join(' AND ')} LIMIT ${p(r.limit, 'int')} OFFSET ${p(r.offset, 'int')}`,
      params,
    };
  const distanceSort = near !== null && r.sort === 'distance';
  const round = distanceSort && radiusKm !== null;
  const measureHits = distanceSort && radiusKm === null;
  // Within a distance: a filter on the channels like the others, except where each hit's distance
  // is at hand (every hit measured, or a round's box, which lies inside the distance).
  const lazy = distanceSort ? onChannels : [...onChannels, ...within()];

  const boost = (l: Language) => (l === r.lang ? 1.25 : 1);
  const score = text
    ? `greatest(${LANGS.map((l) => `CASE WHEN s.tsv_${l} @@ ${Q[l]} THEN ts_rank(s.tsv_${l}, ${Q[l]}) * ${boost(l)} ELSE 0 END`).join(', ')}) + CASE WHEN s.tsv_names @@ ${Q.nm} THEN 0.5 * ts_rank(s.tsv_names, ${Q.nm}) ELSE 0 END`
    : '0';
  // Sorting by name reads each hit's names; any other order leaves the content for the page.
  const name =
    r.sort === 'name'
      ? `(SELECT lower(coalesce(v.content->'names'->>${p(r.lang, 'text')}, v.content->'names'->>'fi', v.content->'names'->>'sv', v.content->'names'->>'en'))
          FROM sc_service_versions v WHERE v.service_id = s.service_id AND v.valid_from = s.valid_from)`
      : 'NULL::text';
  const order = distanceSort
    ? 'km ASC NULLS LAST, score DESC, service_id'
    : r.sort === 'name'
      ? 'sort_name, service_id'
      : 'score DESC, service_id';
  const qualified = (alias: string) =>
    order
      .replace('sort_name', `${alias}.sort_name`)
      .replace('km ASC', `${alias}.km ASC`)
      .replace('score DESC', `${alias}.score DESC`)
      .replace(/service_id$/, `${alias}.service_id`);
  const nearest = (service: string, validFrom: string) =>
    `LEFT JOIN LATERAL (SELECT c.channel_id, ${distance()} AS km FROM ${channelsOf(on, service, validFrom)} AND c.lat IS NOT NULL ORDER BY km, c.channel_id LIMIT 1) near ON true`;
  // A round's candidates: the service points in the box, each service's nearest.
  const boxed = round
    ? `JOIN (SELECT DISTINCT ON (l.service_id, l.valid_from) l.service_id, l.valid_from, c.channel_id, ${distance()} AS km
         FROM sc_channel_versions c JOIN sc_service_channels l ON l.channel_id = c.channel_id
         WHERE ${IN_FORCE('c', on)} AND ${inBox(radiusKm!)}
         ORDER BY l.service_id, l.valid_from, km, c.channel_id) near ON near.service_id = s.service_id AND near.valid_from = s.valid_from`
    : measureHits
      ? nearest('s', 'valid_from')
      : '';
  const hitWhere = measureHits && withinKm !== null ? [...where, `near.km <= ${p(withinKm, 'float8')}`] : where;
  const limit = p(r.limit, 'int');
  const offset = p(r.offset, 'int');
  const upTo = p(Math.max(COUNTED_UP_TO, r.offset + r.limit), 'int');
  // The hits in the page's order, the channel filters checked until enough pass (the LIMIT and
  // OFFSET fence the filters above the sorts, so they run on the first rows only). The first
  // FIRST_SORTED_PER_PASS × as many as must pass come from a top-N sort (it keeps only those, far
  // cheaper than ordering a common word's thousands); the rest, sorted whole, are read only when
  // too few of those pass. The union's parts are read in turn, so the order is the page's.
  const inOrder = (n: string) => {
    const first = p(FIRST_SORTED_PER_PASS * (Math.max(COUNTED_UP_TO, r.offset + r.limit) + 1), 'int');
    return `SELECT s.* FROM ((SELECT * FROM hits ORDER BY ${order} LIMIT ${first})
       UNION ALL (SELECT * FROM hits ORDER BY ${order} OFFSET ${first})) s WHERE ${lazy.join(' AND ')} LIMIT ${n}`;
  };
  let counted: string;
  if (round) {
    // The page from the box; the total from every hit (the cheap filters exactly, the channel filters up to a count).
    const all = `sc_service_search s WHERE ${[...where, ...within()].join(' AND ')}`;
    const total =
      onChannels.length === 0 && withinKm === null
        ? `(SELECT count(*) FROM ${all}) AS total, true AS total_exact`
        : `(SELECT count(*) FROM (SELECT 1 FROM ${all}${onChannels.length ? ` AND ${onChannels.join(' AND ')}` : ''} LIMIT ${upTo} + 1) x) AS total, false AS total_exact`;
    counted = `SELECT m.*, ${total} FROM (${lazy.length === 0 ? 'SELECT * FROM hits' : inOrder(`${offset} + ${limit}`)}) m`;
  } else if (lazy.length === 0)
    // Counted from the materialized hits once (a window over every hit would copy them all again).
    counted = `SELECT hits.*, (SELECT count(*) FROM hits) AS total, true AS total_exact FROM hits`;
  else counted = `SELECT m.*, count(*) OVER () AS total, false AS total_exact FROM (${inOrder(`${upTo} + 1`)}) m`;
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
  const pageNearest = near !== null && !distanceSort;
  const sql = `WITH hits AS MATERIALIZED (
    SELECT s.service_id, s.valid_from, ${score} AS score,
      ${distanceSort ? 'near.km, near.channel_id AS near_channel' : 'NULL::float8 AS km, NULL::text AS near_channel'}, ${name} AS sort_name
    FROM sc_service_search s ${boxed}
    WHERE ${hitWhere.join(' AND ')}
  ),
  -- The hits carry no content: only the page's rows are read whole (below).
  page AS (SELECT c.*, CASE WHEN c.total_exact OR c.total <= ${upTo} THEN c.total ELSE ${upTo} END AS shown_total,
      c.total_exact OR c.total <= ${upTo} AS exact
    FROM (${counted}) c ORDER BY ${qualified('c')} LIMIT ${limit} OFFSET ${offset})
  SELECT page.service_id, page.valid_from::text AS valid_from, d.content, page.score::float8 AS score,
    ${pageNearest ? 'near.km::float8 AS km, near.channel_id AS near_channel' : 'page.km::float8 AS km, page.near_channel'},
    page.shown_total AS total, page.exact AS total_exact, ${matched} AS matched
  FROM page JOIN sc_service_versions d ON d.service_id = page.service_id AND d.valid_from = page.valid_from
    ${pageNearest ? nearest('page', 'valid_from') : ''}
  ORDER BY ${qualified('page')}`;
  return { sql, params };
}
