import type { Migration } from '@luotsi/database';

/** provider choice's read models: all can be dropped and rebuilt from its log. */
export const PROVIDER_CHOICE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'provider choice read models',
    sql: `
CREATE TABLE IF NOT EXISTS pc_providers (
  provider_id text PRIMARY KEY, business_id text NOT NULL, name text NOT NULL, kind text NOT NULL,
  timeline jsonb NOT NULL DEFAULT '[]', terminated_from date, clients_return_from date, returns_done boolean NOT NULL DEFAULT false);
CREATE TABLE IF NOT EXISTS pc_stations (
  station_id text PRIMARY KEY, provider_id text NOT NULL, name text NOT NULL, street_address text NOT NULL, postal_code text NOT NULL,
  municipality_code text NOT NULL, languages jsonb NOT NULL, services jsonb NOT NULL, opening_hours text NOT NULL, accessibility text NOT NULL);
CREATE TABLE IF NOT EXISTS pc_residents (
  person_ref text PRIMARY KEY, birth_date date NOT NULL, sex text NOT NULL, postal_code text NOT NULL, municipality_code text NOT NULL,
  eligible boolean NOT NULL, died_on date, last_chosen_from date, pending_request_id text, pending_station_id text, pending_effective_from date);
CREATE INDEX IF NOT EXISTS pc_residents_pending ON pc_residents (pending_effective_from) WHERE pending_effective_from IS NOT NULL;
CREATE TABLE IF NOT EXISTS pc_listings (
  person_ref text NOT NULL, started_revision integer NOT NULL, station_id text NOT NULL, provider_id text NOT NULL,
  effective_from date NOT NULL, effective_to date, reason text NOT NULL, end_reason text, birth_date date NOT NULL, sex text NOT NULL,
  PRIMARY KEY (person_ref, started_revision));
CREATE INDEX IF NOT EXISTS pc_listings_provider ON pc_listings (provider_id, effective_from);
CREATE INDEX IF NOT EXISTS pc_listings_station ON pc_listings (station_id, effective_from);
CREATE TABLE IF NOT EXISTS pc_switch_requests (
  request_id text PRIMARY KEY, person_ref text NOT NULL, station_id text NOT NULL, provider_id text NOT NULL,
  effective_from date NOT NULL, requested_on date NOT NULL, channel text NOT NULL, reason text NOT NULL, reason_text text,
  previous_main_use text, age_at_request integer NOT NULL, status text NOT NULL, cancelled_on date, cancel_reason text);
CREATE INDEX IF NOT EXISTS pc_switch_requests_month ON pc_switch_requests (requested_on);
CREATE TABLE IF NOT EXISTS pc_area (id text PRIMARY KEY, config jsonb NOT NULL)`,
  },
  {
    version: 2,
    // Nothing read pc_area: the area is decided from its own stream, which is also where queries read it.
    name: 'drop the unused area table',
    sql: 'DROP TABLE IF EXISTS pc_area',
  },
];
