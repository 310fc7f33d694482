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
  {
    version: 3,
    name: 'append to many streams in one round trip',
    single: true,
    // es_append for each stream in turn, in one transaction: positions continue across the streams
    // (xid × 1024 + the running index), and a stream that is refused (conflict) or repeated
    // (existing) is reported without stopping the others. A unique violation (a racing writer)
    // aborts the whole statement; the adapter then appends each stream on its own. Ids are looked
    // up with = ANY (array), which plans as index probes at any table size: a plan cached while the
    // table was small must not become a sequential scan of a million events.
    sql: `
CREATE OR REPLACE FUNCTION es_append_many(p_appends jsonb, p_recorded_at timestamptz)
RETURNS TABLE (item integer, outcome text, stream_id text, revision bigint, global_position bigint) AS $fn$
DECLARE
  v_append jsonb;
  v_item integer := 0;
  v_next integer := 0;
  v_count integer;
  v_current bigint;
  v_stream text;
  v_expected text;
  v_ids uuid[];
  v_any_stored boolean;
BEGIN
  -- One look for any stored id of the whole batch: a first load has none, and skips the check per stream.
  v_any_stored := EXISTS (SELECT 1 FROM es_events ev WHERE ev.event_id = ANY (ARRAY(
    SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(p_appends) a, jsonb_array_elements(a.value->'events') e)));
  FOR v_append IN SELECT a.value FROM jsonb_array_elements(p_appends) AS a LOOP
    v_stream := v_append->>'streamId';
    v_expected := v_append->>'expected';
    v_ids := ARRAY(SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(v_append->'events') e);
    IF v_any_stored AND EXISTS (SELECT 1 FROM es_events ev WHERE ev.event_id = ANY (v_ids)) THEN
      RETURN QUERY SELECT v_item, 'existing'::text, ev.stream_id, ev.revision, ev.global_position FROM es_events ev
        WHERE ev.event_id = ANY (v_ids) ORDER BY ev.global_position;
    ELSE
      SELECT max(ev.revision) INTO v_current FROM es_events ev WHERE ev.stream_id = v_stream;
      IF NOT (v_expected = 'any'
           OR (v_expected = 'no_stream' AND v_current IS NULL)
           OR (v_expected = 'stream_exists' AND v_current IS NOT NULL)
           OR (v_expected ~ '^[0-9]+$' AND v_current IS NOT NULL AND v_current = v_expected::bigint)) THEN
        RETURN QUERY SELECT v_item, 'conflict'::text, v_stream, v_current, NULL::bigint;
      ELSE
        v_count := jsonb_array_length(v_append->'events');
        IF v_next + v_count > 1024 THEN
          RAISE EXCEPTION 'es_append_many: more than 1024 events in one transaction';
        END IF;
        RETURN QUERY
          INSERT INTO es_events AS ev (global_position, transaction_id, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
          SELECT (pg_current_xact_id()::text::bigint << 10) + v_next + e.ordinality - 1, pg_current_xact_id(), v_stream, v_append->>'category', coalesce(v_current, -1) + e.ordinality,
                 (e.value->>'eventId')::uuid, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata', p_recorded_at
            FROM jsonb_array_elements(v_append->'events') WITH ORDINALITY AS e
          RETURNING v_item, 'appended'::text, ev.stream_id, ev.revision, ev.global_position;
        v_next := v_next + v_count;
      END IF;
    END IF;
    v_item := v_item + 1;
  END LOOP;
END
$fn$ LANGUAGE plpgsql`,
  },
  {
    version: 4,
    name: 'append looks up repeated ids by index at any table size',
    single: true,
    // Version 2's `event_id IN (SELECT … jsonb_array_elements …)` was planned as a hash join over a
    // sequential scan while the table was small, and a session kept that plan as the table grew.
    sql: `
CREATE OR REPLACE FUNCTION es_append(p_stream text, p_category text, p_expected text, p_events jsonb, p_recorded_at timestamptz)
RETURNS TABLE (outcome text, stream_id text, revision bigint, global_position bigint) AS $fn$
DECLARE
  v_current bigint;
  v_ids uuid[] := ARRAY(SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(p_events) e);
BEGIN
  IF EXISTS (SELECT 1 FROM es_events ev WHERE ev.event_id = ANY (v_ids)) THEN
    RETURN QUERY SELECT 'existing'::text, ev.stream_id, ev.revision, ev.global_position FROM es_events ev
      WHERE ev.event_id = ANY (v_ids) ORDER BY ev.global_position;
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
