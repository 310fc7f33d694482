/**
 * What the event-store bench appends with: Luotsi's store, the floors (a plain INSERT of the same rows
 * into a table with es_events' columns, defaults and indexes, prepared or not) and, in
 * eventstore-peer.ts, a peer store, all behind one small interface so that a round treats them alike.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { PostgresEventStore } from '@luotsi/eventstore';

/** An event as every contender gets it: the same id and the same ~300 bytes of JSON data. */
export interface BenchEvent {
  eventId: string;
  data: Record<string, unknown>;
}

/** 'new': the stream must not exist; a number: what the contender answered for the stream's last append. */
export type Expected = 'new' | 'any' | number;

export interface Contender {
  readonly label: string;
  /** Appends in one call; answers what to pass as `expected` for the stream's next append. */
  append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number>;
}

const NOTE_FILLER = 'x';
const sample = (seq: number, index: number, filler: string) => ({
  seq,
  index,
  subject: '8c1f6d2e-3b4a-4f5e-9a7b-0c1d2e3f4a5b',
  municipality: '837',
  county: 'pirkanmaa',
  provider: 'provider-0042',
  station: 'station-0117',
  kind: 'appointment-booked',
  on: '2026-12-02',
  note: filler,
});
/** Pads the note so that a typical event's data is 300 bytes of JSON (±2 as the numbers grow). */
const FILLER = NOTE_FILLER.repeat(Math.max(0, 300 - JSON.stringify(sample(12_345, 3, '')).length));

export const BENCH_DATA_BYTES = JSON.stringify(sample(12_345, 3, FILLER)).length;

export function benchEvents(seq: number, count: number): BenchEvent[] {
  return Array.from({ length: count }, (_, index) => ({ eventId: randomUUID(), data: sample(seq, index, FILLER) }));
}

export class OurStore implements Contender {
  readonly label = 'Luotsi';

  constructor(private readonly store: PostgresEventStore) {}

  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    const result = await this.store.append(
      streamId,
      events.map((e) => ({ eventId: e.eventId, type: 'BenchRecorded', data: e.data })),
      { expectedRevision: expected === 'new' ? 'no_stream' : expected },
    );
    return result.nextExpectedRevision;
  }
}

/**
 * The floor: the rows our append writes (position from the transaction id, the same columns and
 * values), one INSERT statement in its own autocommit transaction, with no check at all. Prepared, it
 * is a named statement parsed and planned once per connection, as `pg` does for `{ name }`.
 */
export class FloorInsert implements Contender {
  readonly label: string;
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly raw: Pool,
    private readonly table: string,
    private readonly prepared: boolean,
  ) {
    this.label = prepared ? 'prepared INSERT' : 'unprepared INSERT';
  }

  async append(streamId: string, expected: Expected, events: readonly BenchEvent[]): Promise<number> {
    if (expected === 'any') throw new Error('the floor keeps revisions itself');
    const first = expected === 'new' ? 0 : expected + 1;
    const values: unknown[] = [new Date().toISOString()];
    events.forEach((e, k) => values.push(streamId, first + k, e.eventId, JSON.stringify(e.data)));
    const text = this.textFor(events.length);
    await (this.prepared ? this.raw.query({ name: `${this.table}-${events.length}`, text, values }) : this.raw.query(text, values));
    return first + events.length - 1;
  }

  private textFor(rows: number): string {
    let text = this.texts.get(rows);
    if (!text) {
      const tuples = Array.from({ length: rows }, (_, k) => {
        const b = 2 + k * 4;
        return `((pg_current_xact_id()::text::bigint << 10) + ${k}, $${b}, 'bench', $${b + 1}::bigint, $${b + 2}::uuid, 'BenchRecorded', 1, $${b + 3}::jsonb, '{}'::jsonb, $1::timestamptz)`;
      });
      text = `INSERT INTO ${this.table} (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at) VALUES ${tuples.join(', ')}`;
      this.texts.set(rows, text);
    }
    return text;
  }
}
