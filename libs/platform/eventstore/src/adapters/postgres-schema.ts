import type { Migration } from '@luotsi/database';

/**
 * Version 1 of the event store's tables. `transaction_id` is the writer's 64-bit transaction id; the
 * readers use it with the snapshot's xmin to see only the settled prefix of the global order (see
 * docs/adr/0003-postgres-global-order.md).
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event store tables',
    sql: `
CREATE TABLE IF NOT EXISTS es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  category text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  CONSTRAINT es_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT es_events_event_id UNIQUE (event_id)
);
CREATE INDEX IF NOT EXISTS es_events_category_position ON es_events (category, global_position);
`,
  },
];
