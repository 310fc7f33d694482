import type { Migration } from '@luotsi/database';
import { KPI_COUNTERS } from '@luotsi/contact-intake-domain';

/** snake_case column of a counter (answeredWithin → answered_within). */
export const counterColumn = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Contact intake's read models, all from its own log. ci_kpi holds the counters per municipality,
 * channel, language and month of arrival, so the KPI query of a year reads a few hundred rows
 * however many contacts there were; ci_contacts keeps what the counters and the queues need of each
 * contact (no notes, no identity code).
 */
export const CONTACT_INTAKE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contact intake read models',
    sql: `
CREATE TABLE IF NOT EXISTS ci_contacts (
  contact_id text PRIMARY KEY, municipality text NOT NULL, channel text NOT NULL, language text NOT NULL, month text NOT NULL,
  queue_id text NOT NULL, organisation text NOT NULL, person_ref text, reason text, arrived_at timestamptz NOT NULL,
  status text NOT NULL, assigned_to text, assigned_at timestamptz, first boolean NOT NULL, repeated boolean NOT NULL,
  closed_as text, last_revision integer NOT NULL);
CREATE INDEX IF NOT EXISTS ci_contacts_waiting ON ci_contacts (queue_id, arrived_at) WHERE status = 'waiting';
CREATE INDEX IF NOT EXISTS ci_contacts_person ON ci_contacts (person_ref, arrived_at) WHERE person_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS ci_contacts_worker ON ci_contacts (assigned_to) WHERE status IN ('assigned', 'answered');
CREATE TABLE IF NOT EXISTS ci_kpi (
  municipality text NOT NULL, channel text NOT NULL, language text NOT NULL, month text NOT NULL,
  ${KPI_COUNTERS.map((c) => `${counterColumn(c)} bigint NOT NULL DEFAULT 0`).join(', ')},
  PRIMARY KEY (municipality, month, channel, language));
CREATE TABLE IF NOT EXISTS ci_workers (
  worker_id text PRIMARY KEY, organisation text NOT NULL, languages text[] NOT NULL, available boolean NOT NULL);
CREATE TABLE IF NOT EXISTS ci_heavy_flags (
  person_ref text NOT NULL, trigger_id text NOT NULL, trigger text NOT NULL, count integer NOT NULL,
  window_from date NOT NULL, window_to date NOT NULL, shown boolean NOT NULL DEFAULT false,
  PRIMARY KEY (person_ref, trigger_id))`,
  },
];

export const CONTACT_INTAKE_TABLES = ['ci_contacts', 'ci_kpi', 'ci_workers', 'ci_heavy_flags'];
