import type { Migration } from '@luotsi/database';

/** billing's read models; every row derives from billing's own log and can be rebuilt from it. */
export const BILLING_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'billing read models',
    sql: `
CREATE TABLE IF NOT EXISTS bl_stations (station_id text PRIMARY KEY, provider_id text NOT NULL);
CREATE TABLE IF NOT EXISTS bl_listings (
  person_ref text NOT NULL, source_event_id text NOT NULL, provider_id text NOT NULL, station_id text NOT NULL,
  effective_from date NOT NULL, effective_to date, birth_date date NOT NULL, sex text NOT NULL,
  PRIMARY KEY (person_ref, source_event_id));
CREATE INDEX IF NOT EXISTS bl_listings_provider ON bl_listings (provider_id, effective_from);
CREATE TABLE IF NOT EXISTS bl_services (
  stream_id text PRIMARY KEY, provider_id text NOT NULL, provider_side_id text NOT NULL, person_ref text NOT NULL,
  service_type text NOT NULL, service_date date NOT NULL, station_id text NOT NULL, no_show boolean NOT NULL,
  global_position bigint NOT NULL, late_for_month text, adjusted_in text);
CREATE INDEX IF NOT EXISTS bl_services_provider_date ON bl_services (provider_id, service_date);
CREATE INDEX IF NOT EXISTS bl_services_late ON bl_services (provider_id) WHERE late_for_month IS NOT NULL AND adjusted_in IS NULL;
CREATE TABLE IF NOT EXISTS bl_rates (kind text NOT NULL, valid_from date NOT NULL, data jsonb NOT NULL, PRIMARY KEY (kind, valid_from));
CREATE TABLE IF NOT EXISTS bl_settlements (
  provider_id text NOT NULL, month text NOT NULL, status text NOT NULL, figures jsonb NOT NULL, total_cents bigint NOT NULL,
  calculated_by text NOT NULL, calculated_on date NOT NULL, approved_by text, approved_on date, exports integer NOT NULL DEFAULT 0,
  PRIMARY KEY (provider_id, month));
CREATE TABLE IF NOT EXISTS bl_input_position (id integer PRIMARY KEY, position bigint NOT NULL)`,
  },
  {
    version: 2,
    name: 'late services by position',
    // Lateness is now decided by a service's position against its month's approved settlement, so
    // the flag written at report time is gone; the services of a month are read by date instead.
    sql: `
DROP INDEX IF EXISTS bl_services_late;
ALTER TABLE bl_services DROP COLUMN IF EXISTS late_for_month`,
  },
  {
    version: 3,
    name: 'exports counted once per event',
    // The export count is raised only by an export event past the last one counted, so that
    // applying an event a second time (a replay) leaves the row as it was.
    sql: `ALTER TABLE bl_settlements ADD COLUMN IF NOT EXISTS last_export_position bigint NOT NULL DEFAULT 0`,
  },
  {
    version: 4,
    name: 'fee accounts, guardianships',
    // One row per charge or correction (keyed by its event's position, so a replay adds nothing),
    // the crossing of each account's cap, and the guardianship links billing observed by personRef.
    sql: `
CREATE TABLE IF NOT EXISTS bl_client_fee_lines (
  position bigint PRIMARY KEY, account_ref text NOT NULL, person_ref text NOT NULL, year integer NOT NULL,
  visit_id text NOT NULL, visit_date date NOT NULL, service_type text NOT NULL, kind text NOT NULL,
  list_price_cents bigint NOT NULL, amount_cents bigint NOT NULL, counts_toward_cap boolean NOT NULL,
  caused_by_visit_id text, accumulated_cents bigint, cap_cents bigint, moved_to_account_ref text);
CREATE INDEX IF NOT EXISTS bl_client_fee_lines_account ON bl_client_fee_lines (year, account_ref, position);
CREATE INDEX IF NOT EXISTS bl_client_fee_lines_person ON bl_client_fee_lines (person_ref, year);
CREATE INDEX IF NOT EXISTS bl_client_fee_lines_visit ON bl_client_fee_lines (visit_id);
CREATE TABLE IF NOT EXISTS bl_fee_caps (
  account_ref text NOT NULL, year integer NOT NULL, reached_on date NOT NULL, cap_cents bigint NOT NULL,
  crossing_visit_id text, PRIMARY KEY (account_ref, year));
CREATE TABLE IF NOT EXISTS bl_guardianships (
  child_ref text NOT NULL, guardian_ref text NOT NULL, valid_from date NOT NULL, valid_to date,
  child_adult_on date NOT NULL, fees_join boolean NOT NULL, seq bigint NOT NULL, PRIMARY KEY (child_ref, guardian_ref))`,
  },
  {
    version: 5,
    name: 'service vouchers',
    // Voucher types by version, producers' approvals per type, one row per voucher and one per
    // visit given against a voucher (keyed by the producer's own id, so a replay adds nothing).
    sql: `
CREATE TABLE IF NOT EXISTS bl_voucher_types (
  voucher_type_id text NOT NULL, valid_from date NOT NULL, data jsonb NOT NULL, PRIMARY KEY (voucher_type_id, valid_from));
CREATE TABLE IF NOT EXISTS bl_voucher_producers (
  voucher_type_id text NOT NULL, producer_id text NOT NULL, price_cents bigint NOT NULL, ownership text NOT NULL,
  approved_from date NOT NULL, suspensions jsonb NOT NULL DEFAULT '[]'::jsonb, ended_from date,
  PRIMARY KEY (voucher_type_id, producer_id));
CREATE INDEX IF NOT EXISTS bl_voucher_producers_producer ON bl_voucher_producers (producer_id);
CREATE TABLE IF NOT EXISTS bl_vouchers (
  voucher_id text PRIMARY KEY, person_ref text NOT NULL, voucher_type_id text NOT NULL, service text NOT NULL,
  municipality text NOT NULL, value_cents bigint NOT NULL, visits integer NOT NULL, valid_from date NOT NULL,
  valid_until date NOT NULL, status text NOT NULL, producer_id text, price_cents bigint, channel text,
  chosen_on date, visits_used integer NOT NULL DEFAULT 0, last_position bigint NOT NULL);
CREATE INDEX IF NOT EXISTS bl_vouchers_person ON bl_vouchers (person_ref);
CREATE INDEX IF NOT EXISTS bl_vouchers_producer ON bl_vouchers (producer_id) WHERE producer_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS bl_voucher_visits (
  producer_id text NOT NULL, producer_side_id text NOT NULL, voucher_id text NOT NULL, person_ref text NOT NULL,
  voucher_type_id text NOT NULL, visit_date date NOT NULL, value_cents bigint NOT NULL, price_cents bigint NOT NULL,
  paid_cents bigint NOT NULL, client_share_cents bigint NOT NULL, global_position bigint NOT NULL, adjusted_in text,
  PRIMARY KEY (producer_id, producer_side_id));
CREATE INDEX IF NOT EXISTS bl_voucher_visits_date ON bl_voucher_visits (producer_id, visit_date);
CREATE INDEX IF NOT EXISTS bl_voucher_visits_person ON bl_voucher_visits (person_ref, visit_date)`,
  },
];

export const BILLING_TABLES = [
  'bl_stations',
  'bl_listings',
  'bl_services',
  'bl_rates',
  'bl_settlements',
  'bl_input_position',
  'bl_client_fee_lines',
  'bl_fee_caps',
  'bl_guardianships',
  'bl_voucher_types',
  'bl_voucher_producers',
  'bl_vouchers',
  'bl_voucher_visits',
];
