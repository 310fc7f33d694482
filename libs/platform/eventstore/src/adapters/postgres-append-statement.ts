import { insertEvents, revisionMatches } from './postgres-schema';

/** The prepared statement's name: each connection parses and plans it once (ADR 0014). */
export const APPEND_STATEMENT_NAME = 'luotsi_es_append';

/**
 * An append's common case as one statement, run as a prepared statement: read the stream's last
 * revision (one index probe), and insert the events only if it matches the expected revision —
 * es_append's rules and INSERT (the same templates), without the PL/pgSQL call. It answers one row
 * (the last revision and position), or none when the check refused and nothing was written; the
 * adapter then calls es_append, which says why (a conflict, or this very append already stored).
 * One row, not one per event, whatever the append's size.
 * Parameters: stream, category, expected revision (text), events (a JSON array), recorded-at.
 */
export const APPEND_STATEMENT = `WITH cur AS (SELECT max(revision) AS r FROM es_events WHERE stream_id = $1),
ins AS (${insertEvents({
  stream: '$1',
  category: '$2',
  current: 'cur.r',
  events: '$4::jsonb',
  offset: '0',
  returning: "'appended'::text AS outcome",
  recordedAt: '$5::timestamptz',
  join: 'cur',
  where: revisionMatches('cur.r', '$3::text'),
})})
SELECT min(outcome) AS outcome, min(stream_id) AS stream_id, max(revision) AS revision, max(global_position) AS global_position
  FROM ins HAVING count(*) > 0`;
