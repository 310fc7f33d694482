import type { Migration } from '@luotsi/database';

/** Client plans' read models; every row derives from the context's own log and rebuilds from it. */
export const CLIENT_PLANS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'client plans read models',
    sql: `
CREATE TABLE IF NOT EXISTS cp_plans (
  person_ref text PRIMARY KEY, plan_id text NOT NULL, municipality text, segment text, status text NOT NULL,
  version integer NOT NULL, responsible_organisation text NOT NULL, created_on date NOT NULL,
  revision integer NOT NULL, state jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS cp_plans_municipality ON cp_plans (municipality, created_on);
CREATE TABLE IF NOT EXISTS cp_plan_statuses (
  person_ref text NOT NULL, revision integer NOT NULL, version integer NOT NULL, status text NOT NULL, status_on date NOT NULL,
  PRIMARY KEY (person_ref, revision));
CREATE TABLE IF NOT EXISTS cp_requests (
  stream_id text NOT NULL, revision integer NOT NULL, person_ref text NOT NULL, kind text NOT NULL,
  municipality text, contact_id text, route text, destination text, segment text, on_date date NOT NULL,
  trigger text, count integer, window_from date, window_to date, guide_subject text, guide_name text,
  PRIMARY KEY (stream_id, revision));
CREATE INDEX IF NOT EXISTS cp_requests_municipality ON cp_requests (municipality, on_date);
CREATE INDEX IF NOT EXISTS cp_requests_person ON cp_requests (person_ref);`,
  },
];

export const CLIENT_PLANS_TABLES = ['cp_plans', 'cp_plan_statuses', 'cp_requests'] as const;
