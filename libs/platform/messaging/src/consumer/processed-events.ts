import type { Migration } from '@luotsi/database';

/** (consumer, eventId) rows written in the same transaction as the read-model change they guard. */
export const PROCESSED_EVENTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'processed events',
    sql: `CREATE TABLE IF NOT EXISTS processed_events (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id))`,
  },
];
