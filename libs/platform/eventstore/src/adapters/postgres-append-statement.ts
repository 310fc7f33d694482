import { insertEvents, revisionMatches } from './postgres-schema';

/** The prepared statement's name: each connection parses and plans it once (ADR 0014). */
export const APPEND_STATEMENT_NAME = 'luotsi_es_append';

/**
 * An append's common case as one statement, run as a prepared statement: read the stream's last
 * revision (one index probe), and insert the events only if it matches the expected revision —
 * es_append's rules and INSERT (the same templates), without the PL/pgSQL call. When the check
 * refuses, the events array is empty and nothing is written; the adapter then calls es_append,
 * which says why (a conflict, or this very append already stored). Parameters: stream, category,
 * expected revision (text), events (a JSON array), recorded-at.
 */
export const APPEND_STATEMENT = `WITH cur AS (SELECT max(revision) AS r FROM es_events WHERE stream_id = $1)
${insertEvents({
  stream: '$1',
  category: '$2',
  current: '(SELECT r FROM cur)',
  events: `(CASE WHEN ${revisionMatches('(SELECT r FROM cur)', '$3::text')} THEN $4::jsonb ELSE '[]'::jsonb END)`,
  offset: '0',
  returning: "'appended'::text AS outcome",
  recordedAt: '$5::timestamptz',
})}`;
