import type { RecordedEvent } from '../event-store';

export const EVENT_COLUMNS = 'global_position, stream_id, revision, event_id, event_type, schema_version, data, metadata, recorded_at';

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
    recordedAt: new Date(row.recorded_at).toISOString(),
    data: row.data,
    metadata: row.metadata ?? {},
  };
}
