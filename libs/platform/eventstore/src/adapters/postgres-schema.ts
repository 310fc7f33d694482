import type { Migration } from '@luotsi/database';

/**
 * The event store's tables. The global position is the writer's 64-bit transaction id × 1024 plus
 * the event's index in its append, so position order is transaction-id order by construction, and
 * readers see only rows whose transaction id is below the snapshot's xmin: the settled prefix of the
 * order (docs/adr/0003-postgres-global-order.md).
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event store tables',
    sql: `
CREATE TABLE IF NOT EXISTS es_events (
  global_position bigint PRIMARY KEY,
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
  {
    version: 2,
    name: 'append in one round trip',
    single: true,
    // The whole append is one statement (idempotency check, expected-revision check, INSERT) in the
    // caller's autocommit: one round trip, like a plain INSERT, and no lock shared by writers.
    // No NOTIFY here: a notifying transaction holds PostgreSQL's global notify lock through its
    // commit, which would serialise every append's fsync (the adapter notifies separately).
    sql: `
CREATE OR REPLACE FUNCTION es_append(p_stream text, p_category text, p_expected text, p_events jsonb, p_recorded_at timestamptz)
RETURNS TABLE (outcome text, stream_id text, revision bigint, global_position bigint) AS $fn$
DECLARE
  v_current bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM es_events ev WHERE ev.event_id IN (SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(p_events) e)) THEN
    RETURN QUERY SELECT 'existing'::text, ev.stream_id, ev.revision, ev.global_position FROM es_events ev
      WHERE ev.event_id IN (SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(p_events) e) ORDER BY ev.global_position;
    RETURN;
  END IF;
  SELECT max(ev.revision) INTO v_current FROM es_events ev WHERE ev.stream_id = p_stream;
  IF NOT (p_expected = 'any'
       OR (p_expected = 'no_stream' AND v_current IS NULL)
       OR (p_expected = 'stream_exists' AND v_current IS NOT NULL)
       OR (p_expected ~ '^[0-9]+$' AND v_current IS NOT NULL AND v_current = p_expected::bigint)) THEN
    RETURN QUERY SELECT 'conflict'::text, p_stream, v_current, NULL::bigint;
    RETURN;
  END IF;
  RETURN QUERY
    INSERT INTO es_events AS ev (global_position, transaction_id, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
    SELECT (pg_current_xact_id()::text::bigint << 10) + e.ordinality - 1, pg_current_xact_id(), p_stream, p_category, coalesce(v_current, -1) + e.ordinality,
           (e.value->>'eventId')::uuid, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata', p_recorded_at
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e
    RETURNING 'appended'::text, ev.stream_id, ev.revision, ev.global_position;
END
$fn$ LANGUAGE plpgsql`,
  },
];
