import type { Migration } from '@luotsi/database';

/**
 * The two rules every append applies, shared by es_append_many (migration 3), es_append (migration 4)
 * and the adapter's prepared append statement (postgres-append-statement.ts) so that they cannot
 * drift apart. Applied migrations are never re-run: a change here takes a new migration that
 * replaces both functions.
 */
export const revisionMatches = (current: string, expected: string) => `(${expected} = 'any'
         OR (${expected} = 'no_stream' AND ${current} IS NULL)
         OR (${expected} = 'stream_exists' AND ${current} IS NOT NULL)
         OR (${expected} ~ '^[0-9]+$' AND ${current} IS NOT NULL AND ${current} = ${expected}::bigint))`;

/** Positions are the transaction id × 1024 plus the event's index in the transaction (ADR 0003). */
export const insertEvents = (o: {
  stream: string;
  category: string;
  current: string;
  events: string;
  offset: string;
  returning: string;
  /** The prepared append statement's additions: the recorded-at parameter, a joined row and a condition. */
  recordedAt?: string;
  join?: string;
  where?: string;
}) => `
        INSERT INTO es_events AS ev (global_position, transaction_id, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
        SELECT (pg_current_xact_id()::text::bigint << 10) + ${o.offset} + e.ordinality - 1, pg_current_xact_id(), ${o.stream}, ${o.category}, coalesce(${o.current}, -1) + e.ordinality,
               (e.value->>'eventId')::uuid, e.value->>'type', (e.value->>'schemaVersion')::int, e.value->'data', e.value->'metadata', ${o.recordedAt ?? 'p_recorded_at'}
          FROM jsonb_array_elements(${o.events}) WITH ORDINALITY AS e${o.join ? `, ${o.join}` : ''}${o.where ? `\n         WHERE ${o.where}` : ''}
        RETURNING ${o.returning}, ev.stream_id, ev.revision, ev.global_position`;

/**
 * A retried append finds its stream moved on by its own events: those are its result, not a
 * conflict. `item` leads the columns for es_append_many.
 */
const storedIds = (events: string, item?: string) => {
  const columns = `${item ? '$2, ' : ''}''existing''::text, ev.stream_id, ev.revision, ev.global_position`;
  return `EXECUTE 'SELECT ${columns} FROM es_events ev WHERE ev.event_id = ANY ($1) ORDER BY ev.global_position'
        USING ARRAY(SELECT (e->>'eventId')::uuid FROM jsonb_array_elements(${events}) e)${item ? `, ${item}` : ''}`;
};

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
    // es_append's work for each stream in turn, in one statement and one transaction: positions
    // continue across the streams, and a stream that is refused (conflict) or repeated (existing)
    // is reported without stopping the others. A unique violation (a racing writer, or ids stored
    // before under another revision check) aborts the whole statement, which then wrote nothing;
    // the adapter explains it or appends each stream alone.
    //
    // Stored ids are looked for only when the revision check fails, which is where a retried append
    // lands: the common path is one index probe for the revision and the INSERT. That look runs as
    // EXECUTE, planned with its values each time: a plan a session cached while the table was small
    // would stay a sequential scan as the table grows.
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
BEGIN
  FOR v_append IN SELECT a.value FROM jsonb_array_elements(p_appends) AS a LOOP
    v_stream := v_append->>'streamId';
    v_expected := v_append->>'expected';
    SELECT max(ev.revision) INTO v_current FROM es_events ev WHERE ev.stream_id = v_stream;
    IF NOT ${revisionMatches('v_current', 'v_expected')} THEN
      RETURN QUERY ${storedIds("v_append->'events'", 'v_item')};
      IF NOT FOUND THEN
        RETURN QUERY SELECT v_item, 'conflict'::text, v_stream, v_current, NULL::bigint;
      END IF;
    ELSE
      v_count := jsonb_array_length(v_append->'events');
      IF v_next + v_count > 1024 THEN
        RAISE EXCEPTION 'es_append_many: more than 1024 events in one transaction';
      END IF;
      RETURN QUERY ${insertEvents({ stream: 'v_stream', category: "v_append->>'category'", current: 'v_current', events: "v_append->'events'", offset: 'v_next', returning: "v_item, 'appended'::text" })};
      v_next := v_next + v_count;
    END IF;
    v_item := v_item + 1;
  END LOOP;
END
$fn$ LANGUAGE plpgsql`,
  },
  {
    version: 4,
    name: 'append looks for stored ids only when the revision check fails',
    single: true,
    // Version 2 looked for stored ids before every append with \`event_id IN (SELECT …
    // jsonb_array_elements …)\`, which a session planned as a hash join over a sequential scan while
    // the table was small, and kept so as the table grew. Now the same rules as es_append_many, as
    // its own function: calling es_append_many for one stream measured 15–20 % slower.
    sql: `
CREATE OR REPLACE FUNCTION es_append(p_stream text, p_category text, p_expected text, p_events jsonb, p_recorded_at timestamptz)
RETURNS TABLE (outcome text, stream_id text, revision bigint, global_position bigint) AS $fn$
DECLARE
  v_current bigint;
BEGIN
  SELECT max(ev.revision) INTO v_current FROM es_events ev WHERE ev.stream_id = p_stream;
  IF NOT ${revisionMatches('v_current', 'p_expected')} THEN
    RETURN QUERY ${storedIds('p_events')};
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'conflict'::text, p_stream, v_current, NULL::bigint;
    END IF;
    RETURN;
  END IF;
  RETURN QUERY ${insertEvents({ stream: 'p_stream', category: 'p_category', current: 'v_current', events: 'p_events', offset: '0', returning: "'appended'::text" })};
END
$fn$ LANGUAGE plpgsql`,
  },
];
