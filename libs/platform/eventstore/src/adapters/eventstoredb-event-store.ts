import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { type Clock, systemClock } from '@luotsi/kernel';
import { WrongExpectedRevisionError } from '../errors';
import { appendEach } from '../append-each';
import type {
  AppendResult,
  EventMetadata,
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
import { validateAppend } from '../expected-revision';

/** Our own fields ride in EventStoreDB's metadata under these keys; the store's `created` is not our clock. */
const RECORDED_AT = '$luotsiRecordedAt';
const SCHEMA_VERSION = '$luotsiSchemaVersion';

type EsdbRecorded = NonNullable<ResolvedEvent['event']>;

/**
 * EventStoreDB (KurrentDB) through @eventstore/db-client. The global position is the event's commit
 * position in $all (EventStoreDB 20+ gives every event its own). Its expected-revision checks and
 * idempotent re-appends of the same event ids are the server's own.
 */
export class EventStoreDbEventStore implements EventStore {
  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly clock: Clock,
  ) {}

  static connect(connectionString: string, clock: Clock = systemClock): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), clock);
  }

  async append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedRevision);
    const recordedAt = this.clock.now().toISOString();
    const payload = events.map((event) =>
      jsonEvent({
        id: event.eventId,
        type: event.type,
        data: event.data as never,
        metadata: { ...(event.metadata ?? {}), [RECORDED_AT]: recordedAt, [SCHEMA_VERSION]: event.schemaVersion ?? 1 } as never,
      }),
    );
    try {
      const result = await this.client.appendToStream(streamId, payload, { expectedRevision: toEsdbExpected(options.expectedRevision) });
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position: Number(result.position?.commit ?? 0n) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  /** One gRPC append per stream, several in flight on the client's one connection. */
  appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    return appendEach(this, appends, 16);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) if (resolved.event) out.push(toRecorded(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const max = options.maxCount ?? 1000;
    const categories = options.categories ? new Set(options.categories) : null;
    const out: RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      maxCount: max + 1,
    });
    for await (const resolved of read) {
      const event = resolved.event;
      if (!event || event.streamId.startsWith('$') || Number(event.position?.commit ?? 0n) <= after) continue;
      if (categories && !categories.has(categoryOf(event.streamId))) continue;
      out.push(toRecorded(event));
      if (out.length >= max) break;
    }
    return out;
  }

  async headPosition(options: { categories?: readonly string[] } = {}): Promise<number> {
    const categories = options.categories ? new Set(options.categories) : null;
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 10_000 })) {
      const event = resolved.event;
      if (!event || event.streamId.startsWith('$')) continue;
      if (!categories || categories.has(categoryOf(event.streamId))) return Number(event.position?.commit ?? 0n);
    }
    return 0;
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<RecordedEvent[]> {
    const after = options.after ?? 0;
    const filter = options.categories ? streamNameFilter({ prefixes: options.categories.map((c) => `${c}-`) }) : excludeSystemEvents();
    const subscription = this.client.subscribeToAll({
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      filter,
    });
    const stop = () => void subscription.unsubscribe();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        if (options.signal?.aborted) break;
        const event = resolved.event;
        if (!event || Number(event.position?.commit ?? 0n) <= after) continue;
        if (options.categories && !options.categories.includes(categoryOf(event.streamId))) continue;
        yield [toRecorded(event as EsdbRecorded)];
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

function toRecorded(event: EsdbRecorded | NonNullable<AllStreamResolvedEvent['event']>): RecordedEvent {
  const metadata = { ...((event.metadata ?? {}) as Record<string, unknown>) };
  const recordedAt = typeof metadata[RECORDED_AT] === 'string' ? (metadata[RECORDED_AT] as string) : event.created.toISOString();
  const schemaVersion = typeof metadata[SCHEMA_VERSION] === 'number' ? (metadata[SCHEMA_VERSION] as number) : 1;
  delete metadata[RECORDED_AT];
  delete metadata[SCHEMA_VERSION];
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    streamId: event.streamId,
    revision: Number(event.revision),
    globalPosition: Number(event.position?.commit ?? 0n),
    recordedAt,
    data: event.data,
    metadata: metadata as EventMetadata,
  };
}
