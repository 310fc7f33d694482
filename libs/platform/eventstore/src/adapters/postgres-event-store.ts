import { type Clock, systemClock } from '@luotsi/kernel';
import { migrate, type SqlClient, type SqlPool } from '@luotsi/database';
import { catchUp } from '../catch-up';
import { duplicateEventIds, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions } from '../event-store';
import { categoryOf } from '../event-store';
import { checkExpectedRevision, validateAppend } from '../expected-revision';
import { WakeSignal } from '../wake-signal';
import { EVENT_STORE_MIGRATIONS } from './postgres-schema';
import { EVENT_COLUMNS, type EventRow, toRecorded } from './postgres-rows';
import { PostgresWakeListener } from './postgres-wake-listener';

export interface PostgresEventStoreOptions {
  clock?: Clock;
  /** Poll interval when idle; other processes' appends also arrive by LISTEN/NOTIFY on a server. */
  idlePollMs?: number;
  /** Listen for other processes' appends (PostgreSQL server only). */
  listen?: boolean;
}

const NOTIFY_CHANNEL = 'luotsi_es_appended';
const UNIQUE_VIOLATION = '23505';
const ANY_RETRIES = 25;

/**
 * The event store on PostgreSQL, or on PGlite through the same SqlPool port.
 *
 * Global order: positions come from an identity column, but a position taken by a transaction that
 * commits late would be skipped by a reader that already moved past it. So (a) positions are taken
 * and the row's transaction id assigned inside one short advisory lock, making position order equal
 * transaction-id order, and (b) readers see only rows whose transaction id is below the snapshot's
 * xmin, i.e. whose every predecessor has settled. The lock spans the INSERT only, not the commit, so
 * concurrent writers still share group commit. ADR 0003 has the argument.
 */
export class PostgresEventStore implements EventStore {
  readonly appended = new WakeSignal();
  private readonly clock: Clock;
  private readonly lockKey: string;
  private listener: PostgresWakeListener | null = null;

  private constructor(private readonly pool: SqlPool, private readonly options: PostgresEventStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.lockKey = 'luotsi_es_order';
  }

  static async open(pool: SqlPool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    await migrate(pool, 'eventstore', EVENT_STORE_MIGRATIONS);
    const store = new PostgresEventStore(pool, options);
    if (pool.kind === 'postgres' && options.listen !== false) {
      store.listener = await PostgresWakeListener.start(pool, NOTIFY_CHANNEL, () => store.appended.notify());
    }
    return store;
  }

  async append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedRevision);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.tryAppend(streamId, events, options.expectedRevision);
        this.appended.notify();
        return result;
      } catch (error) {
        if (error instanceof RepeatedAppend) return error.result;
        // `any` loses a race for the next revision honestly; retry it a bounded number of times,
        // with jitter so that the same writers do not collide again in lockstep.
        if (error instanceof WrongExpectedRevisionError && options.expectedRevision === 'any' && attempt < ANY_RETRIES) {
          await new Promise((r) => setTimeout(r, Math.random() * 2 * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
  }

  private async tryAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const lease = await this.pool.connect();
    let locked = false;
    try {
      await lease.query('BEGIN');
      const repeat = await this.idempotentRepeat(lease, streamId, events);
      if (repeat) {
        await lease.query('ROLLBACK');
        return repeat;
      }
      const current = await this.currentRevision(lease, streamId);
      checkExpectedRevision(streamId, expected, current);
      const serialise = this.pool.kind === 'postgres';
      if (serialise) {
        await lease.query('SELECT pg_advisory_lock(hashtext($1))', [this.lockKey]);
        locked = true;
      }
      const inserted = await this.insert(lease, streamId, events, (current ?? -1) + 1);
      if (serialise) {
        await lease.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]);
        locked = false;
      }
      if (this.pool.kind === 'postgres') await lease.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, '']);
      await lease.query('COMMIT');
      return inserted;
    } catch (error) {
      await lease.query('ROLLBACK').catch(() => undefined);
      if (locked) await lease.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]).catch(() => undefined);
      throw await this.explain(error, streamId, events, expected);
    } finally {
      lease.release();
    }
  }

  /** A unique-key violation means a concurrent writer won the revision, or the same ids landed first. */
  private async explain(error: unknown, streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<unknown> {
    const pgError = error as { code?: string; constraint?: string; message?: string };
    if (pgError.code !== UNIQUE_VIOLATION && !/duplicate key/.test(pgError.message ?? '')) return error;
    if ((pgError.constraint ?? pgError.message ?? '').includes('es_events_event_id')) {
      const repeat = await this.idempotentRepeat(this.pool, streamId, events);
      return repeat ? new RepeatedAppend(repeat) : duplicateEventIds(streamId);
    }
    const actual = await this.currentRevision(this.pool, streamId);
    return new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
  }

  private async currentRevision(db: SqlClient, streamId: string): Promise<number | null> {
    const { rows } = await db.query<{ revision: string | number | null }>('SELECT max(revision) AS revision FROM es_events WHERE stream_id = $1', [streamId]);
    const revision = rows[0]?.revision;
    return revision === null || revision === undefined ? null : Number(revision);
  }

  private async idempotentRepeat(db: SqlClient, streamId: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((e) => e.eventId);
    const placeholders = ids.map((_, i) => `$${i + 1}::uuid`).join(', ');
    const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id IN (${placeholders})`, ids);
    if (rows.length === 0) return null;
    const byId = new Map(rows.map((r) => [r.event_id, toRecorded(r)]));
    const found = ids.map((id) => byId.get(id));
    const first = found[0];
    const same = first !== undefined && found.every((f, i) => f !== undefined && f.streamId === streamId && f.revision === first.revision + i);
    if (!same) throw duplicateEventIds(streamId);
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.globalPosition };
  }

  private async insert(db: SqlClient, streamId: string, events: readonly NewEvent[], firstRevision: number): Promise<AppendResult> {
    const recordedAt = this.clock.now().toISOString();
    const category = categoryOf(streamId);
    const params: unknown[] = [];
    const rows = events.map((event, i) => {
      const base = params.length;
      params.push(streamId, category, firstRevision + i, event.eventId, event.type, event.schemaVersion ?? 1, JSON.stringify(event.data), JSON.stringify(event.metadata ?? {}), recordedAt);
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::uuid, $${base + 5}, $${base + 6}, $${base + 7}::jsonb, $${base + 8}::jsonb, $${base + 9}::timestamptz)`;
    });
    const { rows: out } = await db.query<{ global_position: string | number }>(
      `INSERT INTO es_events (stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
       VALUES ${rows.join(', ')} RETURNING global_position`,
      params,
    );
    const last = Math.max(...out.map((r) => Number(r.global_position)));
    return { nextExpectedRevision: firstRevision + events.length - 1, position: last };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? 1_000_000_000],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [options.after ?? 0, options.maxCount ?? 1000];
    let filter = '';
    if (options.categories) {
      const list = options.categories.map((c) => {
        params.push(c);
        return `$${params.length}`;
      });
      filter = list.length > 0 ? `AND category IN (${list.join(', ')})` : 'AND false';
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events
        WHERE global_position > $1 ${filter}
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY global_position LIMIT $2`,
      params,
    );
    return rows.map(toRecorded);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    return catchUp(this, options, this.options.idlePollMs ?? 200);
  }

  async close(): Promise<void> {
    this.appended.notify();
    await this.listener?.stop();
    this.listener = null;
  }
}

/** Carries an idempotent result out of the error path (the ids landed first in a concurrent append). */
class RepeatedAppend extends Error {
  constructor(readonly result: AppendResult) {
    super('repeated append');
  }
}
