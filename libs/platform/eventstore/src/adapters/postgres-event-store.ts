import { type Clock, systemClock } from '@luotsi/kernel';
import { migrate, type SqlClient, type SqlPool } from '@luotsi/database';
import { catchUp } from '../catch-up';
import { duplicateEventIds, WrongExpectedRevisionError } from '../errors';
import { appendEach } from '../append-each';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeOptions,
} from '../event-store';
import { categoryOf } from '../event-store';
import { MAX_EVENTS_PER_APPEND, validateAppend } from '../expected-revision';
import { WakeSignal } from '../wake-signal';
import { EVENT_STORE_MIGRATIONS } from './postgres-schema';
import { APPEND_STATEMENT, APPEND_STATEMENT_NAME } from './postgres-append-statement';
import { EVENT_COLUMNS, EVENT_SELECT, type EventRow, toRecorded } from './postgres-rows';
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

/** Settled rows only (see the class comment); the snapshot's xmin as a sub-select, evaluated once per statement, not per row. */
const SETTLED = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';

/**
 * One category's events after a position, as a range of the (category, global_position) index:
 * `(category, global_position) > (c, after) AND category <= c`, read in that index's order. The
 * plain form, `category = c AND global_position > after ORDER BY global_position`, lets the planner
 * walk the primary key from `after` and filter by category instead. Once es_events has statistics
 * it does that for a common category, expecting the category's next rows soon; where they are far
 * off or absent it reads the whole tail: 0.3–0.6 s a batch over 1.5 M events, a rebuild 2.7 ×
 * slower than before the table was analyzed. With no equality on the category, only this index
 * gives that order without a sort of every match, so the plan cannot drift to the key.
 */
const CATEGORY_AFTER = (category: string, after: string) =>
  `(category, global_position) > (${category}, ${after}) AND category <= ${category}`;

/**
 * A batch of the given number of categories' events after `$1`, at most `$2`, the categories `$3…`:
 * one ordered index range per category (CATEGORY_AFTER), merged; the cost follows the batch, not
 * the table. The settled-rows filter may run after the limits, since unsettled rows all sort after
 * settled ones. Exported for the plan's test.
 *
 * The price of CATEGORY_AFTER's order: the ranges are merged by a sort, not a merge, so each
 * category reads up to a whole batch even when another fills it. On a log of three interleaved
 * categories, a batch of 2 000 took 8.5 ms, beside 5.9 ms for the plain form's merge. That is a
 * bounded cost (the number of categories with rows × the batch), and the plain form's unbounded
 * case was 300–600 ms.
 */
export function categoriesBatchSql(categoryCount: number): string {
  const parts = Array.from(
    { length: categoryCount },
    (_, i) =>
      `(SELECT ${EVENT_SELECT}, transaction_id FROM es_events WHERE ${CATEGORY_AFTER(`$${i + 3}`, '$1')} ORDER BY category, global_position LIMIT $2)`,
  );
  return `SELECT ${EVENT_COLUMNS} FROM (${parts.join(' UNION ALL ')}) AS batch WHERE ${SETTLED} ORDER BY global_position LIMIT $2`;
}

/**
 * The event store on PostgreSQL, or on PGlite through the same SqlPool port.
 *
 * Global order: a position taken from a sequence by a transaction that commits late would be skipped
 * by a reader that already moved past it. So (a) a position is the writer's transaction id × 1024
 * plus the event's index in the append — position order is transaction-id order by construction —
 * and (b) readers see only rows whose transaction id is below the snapshot's xmin, i.e. whose every
 * predecessor has settled. Writers share no lock. ADR 0003 has the argument. An append is one
 * prepared statement (check and INSERT): one round trip, like a single INSERT (ADR 0014).
 */
export class PostgresEventStore implements EventStore {
  readonly appended = new WakeSignal();
  private readonly clock: Clock;
  private listener: PostgresWakeListener | null = null;

  private constructor(
    private readonly pool: SqlPool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
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
        this.notifyOtherProcesses();
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

  /**
   * One round trip in the common case: the prepared append statement checks the expected revision
   * and inserts (postgres-append-statement.ts). Only when it wrote nothing does es_append run, to
   * tell a conflict from a repeat of this append (a second round trip, on the refusal path only).
   */
  private async tryAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const params = [
      streamId,
      categoryOf(streamId),
      String(expected),
      JSON.stringify(events.map(eventPayload)),
      this.clock.now().toISOString(),
    ];
    let rows: AppendRow[];
    const lease = await this.pool.connect();
    try {
      ({ rows } = await lease.query<AppendRow>(APPEND_STATEMENT, params, { name: APPEND_STATEMENT_NAME }));
      if (rows.length === 0)
        ({ rows } = await lease.query<AppendRow>(
          'SELECT outcome, stream_id, revision, global_position FROM es_append($1, $2, $3, $4::jsonb, $5::timestamptz)',
          params,
        ));
    } catch (error) {
      lease.release();
      // Only after the release: on PGlite the explanation needs the pool's one session.
      throw await this.explain(error, streamId, events, expected);
    }
    lease.release();
    return appendResultOf({ streamId, events, expectedRevision: expected }, rows);
  }

  /**
   * Packs the streams into es_append_many calls of at most MAX_EVENTS_PER_APPEND events (one
   * transaction's position range): one round trip and one commit for hundreds of streams.
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    const outcomes: StreamAppendOutcome[] = new Array(appends.length);
    const valid: number[] = [];
    appends.forEach((a, i) => {
      try {
        validateAppend(a.streamId, a.events, a.expectedRevision);
        valid.push(i);
      } catch (error) {
        outcomes[i] = { ok: false, error: error as Error };
      }
    });
    let appended = false;
    for (const group of packed(valid, (i) => appends[i]!.events.length, MAX_EVENTS_PER_APPEND)) {
      const part = group.map((i) => appends[i]!);
      let rows: ManyRow[];
      try {
        rows = (
          await this.pool.query<ManyRow>(
            'SELECT item, outcome, stream_id, revision, global_position FROM es_append_many($1::jsonb, $2::timestamptz)',
            [
              JSON.stringify(
                part.map((a) => ({
                  streamId: a.streamId,
                  category: categoryOf(a.streamId),
                  expected: String(a.expectedRevision),
                  events: a.events.map(eventPayload),
                })),
              ),
              this.clock.now().toISOString(),
            ],
          )
        ).rows;
      } catch {
        // A racing writer or an id repeated across streams aborted the whole call, which wrote
        // nothing: each stream again on its own, where `append` tells what refused it.
        const each = await appendEach(this, part);
        group.forEach((i, k) => (outcomes[i] = each[k]!));
        continue;
      }
      const byItem = part.map((): AppendRow[] => []);
      for (const row of rows) byItem[Number(row.item)]!.push(row);
      group.forEach((i, k) => {
        try {
          outcomes[i] = { ok: true, result: appendResultOf(part[k]!, byItem[k]!) };
          appended = true;
        } catch (error) {
          outcomes[i] = { ok: false, error: error as Error };
        }
      });
    }
    if (appended) {
      this.appended.notify();
      this.notifyOtherProcesses();
    }
    return outcomes;
  }

  private notifyPending = false;

  /**
   * Tells subscribers in other processes that something was appended: at most one NOTIFY per few
   * milliseconds, outside the append's transaction, not awaited. Losing one only costs latency.
   */
  private notifyOtherProcesses(): void {
    if (this.pool.kind !== 'postgres' || this.notifyPending) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, '']).catch(() => undefined);
    }, 5).unref();
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
    const { rows } = await db.query<{ revision: string | number | null }>(
      'SELECT max(revision) AS revision FROM es_events WHERE stream_id = $1',
      [streamId],
    );
    const revision = rows[0]?.revision;
    return revision === null || revision === undefined ? null : Number(revision);
  }

  private async idempotentRepeat(db: SqlClient, streamId: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((e) => e.eventId);
    const placeholders = ids.map((_, i) => `$${i + 1}::uuid`).join(', ');
    const { rows } = await db.query<AppendRow>(
      `SELECT stream_id, revision, global_position FROM es_events WHERE event_id IN (${placeholders}) ORDER BY global_position`,
      ids,
    );
    return rows.length === 0 ? null : sameAppend(streamId, events.length, rows);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    // A stream's revisions are contiguous (the store assigns them), so the window [from, from +
    // max) holds exactly the page. Bounding it keeps a page's cost to its own rows whatever the
    // planner estimates: with only LIMIT, a long stream whose statistics were stale was read to
    // its end and sorted for every page (a replay of 1 000 000 events took 100 s, not 10).
    const from = options.fromRevision ?? 0;
    const max = options.maxCount ?? 1_000_000_000;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_SELECT} FROM es_events WHERE stream_id = $1 AND revision >= $2::bigint AND revision < $2::bigint + $3::bigint
       ORDER BY revision LIMIT $3`,
      [streamId, from, max],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const limit = options.maxCount ?? 1000;
    if (!options.categories) {
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${EVENT_SELECT} FROM es_events WHERE global_position > $1 AND ${SETTLED} ORDER BY global_position LIMIT $2`,
        [after, limit],
        { name: 'luotsi_es_read_all' },
      );
      return rows.map(toRecorded);
    }
    if (options.categories.length === 0) return [];
    const { rows } = await this.pool.query<EventRow>(categoriesBatchSql(options.categories.length), [after, limit, ...options.categories]);
    return rows.map(toRecorded);
  }

  async headPosition(options: { categories?: readonly string[] } = {}): Promise<number> {
    const categories = options.categories;
    if (categories && categories.length === 0) return 0;
    // Each category's last event from the end of its own index range (see CATEGORY_AFTER).
    const { rows } = await this.pool.query<{ head: string | number | null }>(
      categories
        ? `SELECT max(last.global_position) AS head FROM unnest($1::text[]) AS c(name),
             LATERAL (SELECT global_position FROM es_events WHERE category >= c.name AND category <= c.name
                      ORDER BY category DESC, global_position DESC LIMIT 1) last`
        : 'SELECT max(global_position) AS head FROM es_events',
      categories ? [[...categories]] : [],
    );
    return Number(rows[0]?.head ?? 0);
  }

  async countAfter(after: number, options: { categories?: readonly string[]; limit: number }): Promise<number> {
    const categories = options.categories;
    if (categories && categories.length === 0) return 0;
    // Bounded: a readiness probe must answer quickly however far behind a reader is. With
    // categories, each is counted in its own index range (see CATEGORY_AFTER), up to the bound.
    const { rows } = await this.pool.query<{ n: string | number }>(
      categories
        ? `SELECT count(*) AS n FROM (SELECT 1 FROM unnest($3::text[]) AS c(name),
             LATERAL (SELECT 1 FROM es_events WHERE ${CATEGORY_AFTER('c.name', '$1')} ORDER BY category, global_position LIMIT $2) one
             LIMIT $2) behind`
        : `SELECT count(*) AS n FROM (SELECT 1 FROM es_events WHERE global_position > $1 LIMIT $2) behind`,
      categories ? [after, options.limit, [...categories]] : [after, options.limit],
    );
    return Number(rows[0]?.n ?? 0);
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

const eventPayload = (e: NewEvent) => ({
  eventId: e.eventId,
  type: e.type,
  schemaVersion: e.schemaVersion ?? 1,
  data: e.data,
  metadata: e.metadata ?? {},
});

type ManyRow = AppendRow & { item: number };

/** What es_append (or es_append_many, for one stream) answered: the result, or the refusal thrown. */
function appendResultOf(append: StreamAppend, rows: AppendRow[]): AppendResult {
  const first = rows[0];
  if (!first) throw new Error(`the append function returned nothing for ${append.streamId}`);
  if (first.outcome === 'conflict')
    throw new WrongExpectedRevisionError(
      append.streamId,
      append.expectedRevision,
      first.revision === null ? 'no_stream' : Number(first.revision),
    );
  if (first.outcome === 'existing') return sameAppend(append.streamId, append.events.length, rows);
  const last = rows[rows.length - 1]!;
  return { nextExpectedRevision: Number(last.revision), position: Math.max(...rows.map((r) => Number(r.global_position))) };
}

/** Consecutive groups of items whose sizes add up to at most `limit` each. */
function packed(items: readonly number[], size: (item: number) => number, limit: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let total = 0;
  for (const item of items) {
    if (current.length > 0 && total + size(item) > limit) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += size(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

type AppendRow = { outcome: string; stream_id: string; revision: string | number | null; global_position: string | number | null };

/** The stored events of an append that is repeated must be exactly that append, in order. */
function sameAppend(streamId: string, count: number, rows: AppendRow[]): AppendResult {
  const first = Number(rows[0]!.revision);
  const same = rows.length === count && rows.every((r, i) => r.stream_id === streamId && Number(r.revision) === first + i);
  if (!same) throw duplicateEventIds(streamId);
  const last = rows[rows.length - 1]!;
  return { nextExpectedRevision: Number(last.revision), position: Number(last.global_position) };
}

/** Carries an idempotent result out of the error path (the ids landed first in a concurrent append). */
class RepeatedAppend extends Error {
  constructor(readonly result: AppendResult) {
    super('repeated append');
  }
}
