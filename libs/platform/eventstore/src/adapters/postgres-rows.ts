import type { RecordedEvent } from '../event-store';

export const EVENT_COLUMNS = 'global_position, stream_id, revision, event_id, event_type, schema_version, data, metadata, recorded_at';

/**
 * EVENT_COLUMNS as a read selects them from es_events: recorded_at already as its ISO 8601 string
 * in UTC (what RecordedEvent carries). Otherwise node-postgres parses each timestamp into a Date,
 * and toRecorded formats it again. That is about 1.5 µs of the 8–9 µs an event of a catch-up costs
 * in node, where to_char costs PostgreSQL about 0.2 µs more than the text it sends anyway.
 */
export const EVENT_SELECT = `global_position, stream_id, revision, event_id, event_type, schema_version, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

export interface EventRow {
  global_position: string | number;
  stream_id: string;
  revision: string | number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date | string;
}

/** node-postgres returns bigint as a string, PGlite as a number: both become numbers here. */
export function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: Number(row.schema_version),
    streamId: row.stream_id,
    revision: Number(row.revision),
    globalPosition: Number(row.global_position),
    // EVENT_SELECT's string as it is; a Date (a statement selecting the bare column) formatted.
    recordedAt:
      typeof row.recorded_at === 'string' && row.recorded_at.endsWith('Z') ? row.recorded_at : new Date(row.recorded_at).toISOString(),
    data: row.data,
    metadata: row.metadata ?? {},
  };
}
