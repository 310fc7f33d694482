import type { Migration } from '@luotsi/database';

/**
 * The feed's own state, kept beside its event store streams (municipalityfeed-<code>, the feeds
 * themselves): the router's resident states and its processed inbound ids, each feed's head and
 * what the gateway has published, and the reports of closed quarters.
 */
export const FEED_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'municipality feed state',
    sql: `
CREATE TABLE IF NOT EXISTS mf_residents (
  person_ref text PRIMARY KEY, municipality text, eligible boolean NOT NULL,
  listing_provider text, listing_station text, listing_since date, listing_municipality text);
CREATE TABLE IF NOT EXISTS mf_processed (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS mf_feeds (
  municipality text PRIMARY KEY, head_sequence bigint NOT NULL DEFAULT 0,
  published_sequence bigint NOT NULL DEFAULT 0, published_at timestamptz, rejected bigint NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS mf_unroutable (event_id text PRIMARY KEY, type text NOT NULL, field text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS mf_reports (
  municipality text NOT NULL, quarter text NOT NULL, generated_at timestamptz NOT NULL, report jsonb NOT NULL,
  PRIMARY KEY (municipality, quarter));
`,
  },
  {
    version: 2,
    name: 'catalogue services held by municipalities',
    // Per catalogue service, the municipalities its latest version went to: the one a new version
    // no longer concerns is sent the service's removal.
    sql: `
CREATE TABLE IF NOT EXISTS mf_catalogue_services (service_id text PRIMARY KEY, municipalities text[] NOT NULL);
`,
  },
];
