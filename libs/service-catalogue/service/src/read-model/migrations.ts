import type { Migration } from '@luotsi/database';

/**
 * The catalogue's read models: every version of every service and channel with its validity, the
 * search vectors (Finnish, Swedish and English stemming, and a `simple` one for proper names; one
 * GIN index over their union finds the candidates, each language's vector ranks them), the
 * hours as rows so "open now" is a query, and the routings counted. All rebuild from the log.
 */
/**
 * What a search row knows of its version's channels, in any of their versions (so it holds for any
 * day; the search's exact checks read the channels valid on its day): the box around their points
 * and every accessibility feature they list. A search within a distance or asking for a feature
 * skips a row whose box misses its own or that lacks the feature before reading its channels.
 * Set with UPDATE sc_service_search SET …; the projection sets it again when a link or channel changes.
 */
export const SEARCH_CHANNEL_FACTS = `(min_lat, max_lat, min_lon, max_lon) = (SELECT min(c.lat), max(c.lat), min(c.lon), max(c.lon)
    FROM sc_service_channels l JOIN sc_channel_versions c ON c.channel_id = l.channel_id
    WHERE l.service_id = sc_service_search.service_id AND l.valid_from = sc_service_search.valid_from AND c.lat IS NOT NULL AND c.lon IS NOT NULL),
  channel_features = ARRAY(SELECT DISTINCT f FROM sc_service_channels l JOIN sc_channel_versions c ON c.channel_id = l.channel_id, unnest(c.features) f
    WHERE l.service_id = sc_service_search.service_id AND l.valid_from = sc_service_search.valid_from ORDER BY f)`;

export const SERVICE_CATALOGUE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'service catalogue read models',
    sql: `
CREATE TABLE IF NOT EXISTS sc_service_versions (
  service_id text NOT NULL, valid_from date NOT NULL, valid_to date, source text NOT NULL, content jsonb NOT NULL,
  arranger_kind text NOT NULL, producer_kinds text[] NOT NULL, target_groups text[] NOT NULL, access_modes text[] NOT NULL,
  languages text[] NOT NULL, area text NOT NULL, municipalities text[] NOT NULL,
  tsv_fi tsvector NOT NULL, tsv_sv tsvector NOT NULL, tsv_en tsvector NOT NULL, tsv_names tsvector NOT NULL,
  tsv_all tsvector GENERATED ALWAYS AS (tsv_fi || tsv_sv || tsv_en || tsv_names) STORED,
  PRIMARY KEY (service_id, valid_from));
CREATE INDEX IF NOT EXISTS sc_service_versions_text ON sc_service_versions USING gin (tsv_all);
CREATE INDEX IF NOT EXISTS sc_service_versions_open ON sc_service_versions (valid_to, valid_from);
CREATE TABLE IF NOT EXISTS sc_services (service_id text PRIMARY KEY, source text NOT NULL, withdrawn_from date);
CREATE TABLE IF NOT EXISTS sc_service_channels (
  service_id text NOT NULL, valid_from date NOT NULL, channel_id text NOT NULL, PRIMARY KEY (service_id, valid_from, channel_id));
CREATE INDEX IF NOT EXISTS sc_service_channels_channel ON sc_service_channels (channel_id);
CREATE TABLE IF NOT EXISTS sc_channel_versions (
  channel_id text NOT NULL, valid_from date NOT NULL, valid_to date, source text NOT NULL, kind text NOT NULL, content jsonb NOT NULL,
  organisation_id text, languages text[] NOT NULL, features text[] NOT NULL, lat double precision, lon double precision,
  municipality_code text, holiday_rule text, has_hours boolean NOT NULL, always_open boolean NOT NULL,
  PRIMARY KEY (channel_id, valid_from));
CREATE INDEX IF NOT EXISTS sc_channel_versions_point ON sc_channel_versions (lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX IF NOT EXISTS sc_channel_versions_organisation ON sc_channel_versions (organisation_id);
CREATE TABLE IF NOT EXISTS sc_channels (channel_id text PRIMARY KEY, source text NOT NULL, withdrawn_from date);
CREATE TABLE IF NOT EXISTS sc_channel_hours (
  channel_id text NOT NULL, valid_from date NOT NULL, weekday smallint NOT NULL, opens smallint NOT NULL, closes smallint NOT NULL,
  PRIMARY KEY (channel_id, valid_from, weekday, opens));
CREATE TABLE IF NOT EXISTS sc_channel_exceptions (
  channel_id text NOT NULL, valid_from date NOT NULL, from_date date NOT NULL, to_date date NOT NULL, closed boolean NOT NULL,
  opens smallint NOT NULL, closes smallint NOT NULL, PRIMARY KEY (channel_id, valid_from, from_date, opens));
CREATE TABLE IF NOT EXISTS sc_routings (
  routing_id text PRIMARY KEY, service_id text NOT NULL, channel_id text, municipality text NOT NULL, routed_on date NOT NULL);
CREATE INDEX IF NOT EXISTS sc_routings_date ON sc_routings (routed_on, service_id)`,
  },
  {
    version: 2,
    // A search looks up each hit's channels (open now, accessibility, distance): with what those
    // checks read in the index, the look-up reads the index alone.
    name: 'channel look-ups from the index',
    sql: `
CREATE INDEX IF NOT EXISTS sc_channel_versions_search ON sc_channel_versions (channel_id, valid_from)
  INCLUDE (valid_to, lat, lon, features, always_open, has_hours, holiday_rule)`,
  },
  {
    version: 3,
    // A common word hits a sixth of the catalogue, and ranking reads every hit's row: in
    // sc_service_versions a row carries its whole content (1.6 kB, a page per hit), here only what
    // the filters and the ranking read (0.6 kB). The candidates' index is over the same union of
    // vectors as tsv_all, as an expression, so the union is not stored twice. `places` is where a
    // service is offered as one indexed array ('*' everywhere, else its municipality codes), so a
    // municipality filter joins the text index's bitmap instead of being checked hit by hit.
    name: 'narrow search rows',
    sql: `
CREATE TABLE IF NOT EXISTS sc_service_search (
  service_id text NOT NULL, valid_from date NOT NULL, valid_to date,
  arranger_kind text NOT NULL, producer_kinds text[] NOT NULL, target_groups text[] NOT NULL, access_modes text[] NOT NULL,
  languages text[] NOT NULL, area text NOT NULL, municipalities text[] NOT NULL,
  tsv_fi tsvector NOT NULL, tsv_sv tsvector NOT NULL, tsv_en tsvector NOT NULL, tsv_names tsvector NOT NULL,
  places text[] GENERATED ALWAYS AS (CASE WHEN area <> 'municipalities' THEN ARRAY['*'] ELSE municipalities END) STORED,
  PRIMARY KEY (service_id, valid_from));
INSERT INTO sc_service_search (service_id, valid_from, valid_to, arranger_kind, producer_kinds, target_groups, access_modes, languages, area,
    municipalities, tsv_fi, tsv_sv, tsv_en, tsv_names)
  SELECT service_id, valid_from, valid_to, arranger_kind, producer_kinds, target_groups, access_modes, languages, area,
    municipalities, tsv_fi, tsv_sv, tsv_en, tsv_names FROM sc_service_versions
  ON CONFLICT DO NOTHING;
CREATE INDEX IF NOT EXISTS sc_service_search_text ON sc_service_search USING gin ((tsv_fi || tsv_sv || tsv_en || tsv_names));
CREATE INDEX IF NOT EXISTS sc_service_search_places ON sc_service_search USING gin (places)`,
  },
  {
    version: 4,
    // A search within a distance or asking for accessibility checked every hit's channels (two
    // look-ups a hit, up to a common word's thousands): what the channels have, on the search row,
    // skips the hits that cannot pass first (see SEARCH_CHANNEL_FACTS).
    name: "search rows' facts of their channels",
    sql: `
ALTER TABLE sc_service_search ADD COLUMN IF NOT EXISTS min_lat double precision, ADD COLUMN IF NOT EXISTS max_lat double precision,
  ADD COLUMN IF NOT EXISTS min_lon double precision, ADD COLUMN IF NOT EXISTS max_lon double precision,
  ADD COLUMN IF NOT EXISTS channel_features text[] NOT NULL DEFAULT '{}';
UPDATE sc_service_search SET ${SEARCH_CHANNEL_FACTS}`,
  },
];

export const SERVICE_CATALOGUE_TABLES = [
  'sc_service_versions',
  'sc_service_search',
  'sc_services',
  'sc_service_channels',
  'sc_channel_versions',
  'sc_channels',
  'sc_channel_hours',
  'sc_channel_exceptions',
  'sc_routings',
] as const;
