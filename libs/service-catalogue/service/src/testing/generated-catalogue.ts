import type { SqlPool } from '@luotsi/database';
import { finnishHolidayOn } from '@luotsi/kernel';
import { helsinkiMoment, POSTAL_CODE_POINTS } from '@luotsi/service-catalogue-domain';
import type { SearchRequest } from '../read-model/catalogue-search';
import { SEARCH_ROW_COLUMNS } from '../read-model/catalogue.projection';
import { SEARCH_CHANNEL_FACTS } from '../read-model/migrations';

/** Kinds of service in the generated catalogue, named in the three languages (and a Finnish inflected form to search by). */
export const KINDS: Array<{ fi: string; sv: string; en: string; ask: string; askSv: string }> = [
  {
    fi: 'Terveysaseman vastaanotto',
    sv: 'Mottagning vid hälsostation',
    en: 'Health station reception',
    ask: 'terveysasemalla',
    askSv: 'hälsostationen',
  },
  {
    fi: 'Suun terveydenhuolto hammashoitola',
    sv: 'Munhälsovård tandklinik',
    en: 'Dental clinic',
    ask: 'hammashoitolaan',
    askSv: 'tandkliniken',
  },
  {
    fi: 'Sosiaaliohjaus aikuisille',
    sv: 'Socialhandledning för vuxna',
    en: 'Social guidance for adults',
    ask: 'sosiaaliohjausta',
    askSv: 'socialhandledning',
  },
  { fi: 'Perheneuvola', sv: 'Familjerådgivning', en: 'Family counselling', ask: 'perheneuvolaan', askSv: 'familjerådgivningen' },
  {
    fi: 'Mielenterveyspalvelut',
    sv: 'Mentalvårdstjänster',
    en: 'Mental health services',
    ask: 'mielenterveyspalveluihin',
    askSv: 'mentalvård',
  },
  { fi: 'Päihdepalvelut', sv: 'Missbrukarvård', en: 'Substance abuse services', ask: 'päihdepalveluista', askSv: 'missbrukarvården' },
  { fi: 'Kotihoito', sv: 'Hemvård', en: 'Home care', ask: 'kotihoitoa', askSv: 'hemvården' },
  {
    fi: 'Äitiys- ja lastenneuvola',
    sv: 'Mödra- och barnrådgivning',
    en: 'Maternity and child health clinic',
    ask: 'lastenneuvolaan',
    askSv: 'barnrådgivningen',
  },
  { fi: 'Fysioterapia', sv: 'Fysioterapi', en: 'Physiotherapy', ask: 'fysioterapiaan', askSv: 'fysioterapin' },
  { fi: 'Vammaispalvelut', sv: 'Handikappservice', en: 'Disability services', ask: 'vammaispalveluihin', askSv: 'handikappservicen' },
  {
    fi: 'Työllisyyspalvelut',
    sv: 'Sysselsättningstjänster',
    en: 'Employment services',
    ask: 'työllisyyspalveluista',
    askSv: 'sysselsättning',
  },
  { fi: 'Nuorten talo', sv: 'Ungdomens hus', en: 'Youth house', ask: 'nuorten', askSv: 'ungdomens' },
];

export const PLACES = Object.values(POSTAL_CODE_POINTS);

/**
 * A generated catalogue written straight into the read model's tables (bulk SQL, the projection's
 * vector expressions): `services` services of the twelve kinds at the postal-code places, each with
 * two service points a few km around its place, a phone line and an e-service; weekday, Saturday or
 * round-the-clock hours; a tenth with a summer closure. Which services walk in, have step-free
 * access, open round the clock (and on Sunday hours on public holidays) or on Saturdays is drawn by
 * hashing the number, so no kind of service lacks any of them (the number modulo a divisor of twelve
 * would tie them to kinds). The benchmark's catalogue, and the search tests' large one.
 */
export async function writeGeneratedCatalogue(pool: SqlPool, services: number): Promise<void> {
  const kinds = KINDS.length;
  const places = PLACES.length;
  const vector = (cfg: string, name: string, summary: string) =>
    `setweight(to_tsvector('${cfg}', ${name}), 'A') || setweight(to_tsvector('${cfg}', ''), 'B') || setweight(to_tsvector('${cfg}', ${summary}), 'C') || setweight(to_tsvector('${cfg}', ''), 'D')`;
  await pool.query(
    `INSERT INTO sc_service_versions (service_id, valid_from, valid_to, source, content, arranger_kind, producer_kinds, target_groups, access_modes,
       languages, area, municipalities, tsv_fi, tsv_sv, tsv_en, tsv_names)
     SELECT 'svc-' || i, date '2026-01-01', NULL, 'county',
       jsonb_build_object('names', jsonb_build_object('fi', nfi, 'sv', nsv, 'en', nen), 'summaries', jsonb_build_object('fi', sfi), 'descriptions', '{}'::jsonb,
         'keywords', '{}'::jsonb, 'arranger', jsonb_build_object('id', 'county', 'name', jsonb_build_object('fi', 'Hyvinvointialue'), 'kind', 'county'),
         'producers', '[]'::jsonb, 'targetGroups', jsonb_build_array('everyone'), 'accessModes', jsonb_build_array(CASE WHEN abs(hashint4(i)) % 3 = 0 THEN 'walk-in' ELSE 'appointment' END),
         'legalBasis', '[]'::jsonb, 'languages', jsonb_build_array('fi', 'sv'), 'area', 'municipalities', 'municipalities', jsonb_build_array(muni),
         'channelIds', jsonb_build_array('ch-' || i || '-1', 'ch-' || i || '-2', 'ch-' || i || '-3', 'ch-' || i || '-4')),
       CASE WHEN i % 7 = 0 THEN 'private' ELSE 'county' END, ARRAY['county'], ARRAY['everyone'], ARRAY[CASE WHEN abs(hashint4(i)) % 3 = 0 THEN 'walk-in' ELSE 'appointment' END],
       ARRAY['fi', 'sv'], 'municipalities', ARRAY[muni],
       ${vector('finnish', 'nfi', 'sfi')}, ${vector('swedish', 'nsv', "''")}, ${vector('english', 'nen', "''")}, to_tsvector('simple', nfi || ' ' || nsv || ' ' || nen)
     FROM (SELECT i, ($1::text[])[1 + i % ${kinds}] || ' ' || ($3::text[])[1 + (i / ${kinds}) % ${places}] || ' ' || i AS nfi,
             ($2::text[])[1 + i % ${kinds}] || ' ' || ($3::text[])[1 + (i / ${kinds}) % ${places}] AS nsv,
             ($4::text[])[1 + i % ${kinds}] || ' ' || ($3::text[])[1 + (i / ${kinds}) % ${places}] AS nen,
             'Palvelu ' || ($1::text[])[1 + (i * 7) % ${kinds}] || ' asiakkaille' AS sfi,
             ($5::text[])[1 + (i / ${kinds}) % ${places}] AS muni
           FROM generate_series(1, $6::int) AS i) g`,
    [
      KINDS.map((k) => k.fi),
      KINDS.map((k) => k.sv),
      PLACES.map((p) => p.name),
      KINDS.map((k) => k.en),
      PLACES.map((p) => p.municipality),
      services,
    ],
  );
  await pool.query(`INSERT INTO sc_service_search (${SEARCH_ROW_COLUMNS}) SELECT ${SEARCH_ROW_COLUMNS} FROM sc_service_versions`);
  await pool.query(
    `INSERT INTO sc_service_channels (service_id, valid_from, channel_id) SELECT 'svc-' || i, date '2026-01-01', 'ch-' || i || '-' || n
     FROM generate_series(1, $1::int) i, generate_series(1, 4) n`,
    [services],
  );
  // Channels: 1 and 2 service points around their place (a few km), 3 a phone line, 4 an e-service.
  await pool.query(
    `INSERT INTO sc_channel_versions (channel_id, valid_from, valid_to, source, kind, content, organisation_id, languages, features, lat, lon,
       municipality_code, holiday_rule, has_hours, always_open)
     SELECT 'ch-' || i || '-' || n, date '2026-01-01', NULL, 'county', k, jsonb_build_object('kind', k, 'names', jsonb_build_object('fi', 'Kanava ' || i || '-' || n),
         'languages', jsonb_build_array('fi'), 'location', CASE WHEN n <= 2 THEN jsonb_build_object('lat', lat, 'lon', lon) END,
         'accessibility', jsonb_build_object('features', CASE WHEN abs(hashint4(i + 1)) % 4 = 0 THEN jsonb_build_array('step-free-access') ELSE '[]'::jsonb END, 'notes', '{}'::jsonb),
         'openingHours', NULL),
       'county', ARRAY['fi'], CASE WHEN abs(hashint4(i + 1)) % 4 = 0 THEN ARRAY['step-free-access'] ELSE ARRAY[]::text[] END,
       CASE WHEN n <= 2 THEN lat END, CASE WHEN n <= 2 THEN lon END, NULL,
       CASE WHEN abs(hashint4(i + 2)) % 10 = 0 THEN 'sunday-hours' ELSE 'closed' END, n <> 4, n = 4
     FROM (SELECT i, n, CASE n WHEN 3 THEN 'phone' WHEN 4 THEN 'e-service' ELSE 'service-point' END AS k,
             ($2::float8[])[1 + (i / ${kinds}) % ${places}] + (random() - 0.5) * 0.08 AS lat,
             ($3::float8[])[1 + (i / ${kinds}) % ${places}] + (random() - 0.5) * 0.16 AS lon
           FROM generate_series(1, $1::int) i, generate_series(1, 4) n) g`,
    [services, PLACES.map((p) => p.lat), PLACES.map((p) => p.lon)],
  );
  await pool.query(`UPDATE sc_service_search SET ${SEARCH_CHANNEL_FACTS}`);
  await pool.query(
    `INSERT INTO sc_channel_hours (channel_id, valid_from, weekday, opens, closes)
     SELECT 'ch-' || i || '-' || n, date '2026-01-01', d, CASE WHEN abs(hashint4(i + 2)) % 10 = 0 THEN 0 ELSE 480 END, CASE WHEN abs(hashint4(i + 2)) % 10 = 0 THEN 1440 ELSE 960 END
     FROM generate_series(1, $1::int) i, generate_series(1, 3) n, generate_series(1, 7) d
     WHERE abs(hashint4(i + 2)) % 10 = 0 OR d <= 5 OR (d = 6 AND abs(hashint4(i + 3)) % 5 = 0)`,
    [services],
  );
  await pool.query(
    `INSERT INTO sc_channel_exceptions (channel_id, valid_from, from_date, to_date, closed, opens, closes)
     SELECT 'ch-' || i || '-1', date '2026-01-01', date '2027-07-01', date '2027-07-31', true, 0, 0 FROM generate_series(1, $1::int) i WHERE abs(hashint4(i + 4)) % 10 = 0`,
    [services],
  );
}

/** A search with no words or filters at an instant (read in Helsinki time): what a test or the bench varies. */
export function searchAt(now: Date): SearchRequest {
  const moment = helsinkiMoment(now);
  return {
    words: [],
    lang: 'fi',
    on: moment.date,
    moment,
    holiday: finnishHolidayOn(moment.date) !== null,
    targetGroups: [],
    language: null,
    municipality: null,
    near: null,
    withinKm: null,
    openNow: false,
    accessModes: [],
    accessibility: [],
    organisationKinds: [],
    sort: 'relevance',
    limit: 20,
    offset: 0,
  };
}
