import { type Clock, systemClock } from '@luotsi/kernel';
import { catchUp } from '../catch-up';
import { duplicateEventIds } from '../errors';
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
import { checkExpectedRevision, validateAppend } from '../expected-revision';
import { WakeSignal } from '../wake-signal';

/** For unit tests and property tests: the whole contract, in one process's memory. */
export class InMemoryEventStore implements EventStore {
  readonly appended = new WakeSignal();
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byEventId = new Map<string, RecordedEvent>();

  constructor(private readonly clock: Clock = systemClock) {}

  async append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedRevision);
    const repeat = this.idempotentRepeat(streamId, events);
    if (repeat) return repeat;
    const stream = this.streams.get(streamId) ?? [];
    checkExpectedRevision(streamId, options.expectedRevision, stream.length === 0 ? null : stream.length - 1);
    const recordedAt = this.clock.now().toISOString();
    for (const event of events) {
      const recorded: RecordedEvent = {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        streamId,
        revision: stream.length,
        globalPosition: this.log.length + 1,
        recordedAt,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata ?? {}),
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.byEventId.set(recorded.eventId, recorded);
    }
    this.streams.set(streamId, stream);
    this.appended.notify();
    return { nextExpectedRevision: stream.length - 1, position: this.log.length };
  }

  appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    return appendEach(this, appends);
  }

  private idempotentRepeat(streamId: string, events: readonly NewEvent[]): AppendResult | null {
    const found = events.map((e) => this.byEventId.get(e.eventId));
    if (found.every((f) => f === undefined)) return null;
    const first = found[0];
    const sameAppend =
      first !== undefined && found.every((f, i) => f !== undefined && f.streamId === streamId && f.revision === first.revision + i);
    if (!sameAppend) throw duplicateEventIds(streamId);
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.globalPosition };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const events = (this.streams.get(streamId) ?? []).slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    return structuredClone(events);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const categories = options.categories ? new Set(options.categories) : null;
    const out: RecordedEvent[] = [];
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    for (let i = options.after ?? 0; i < this.log.length && out.length < max; i++) {
      const event = this.log[i]!;
      if (!categories || categories.has(categoryOf(event.streamId))) out.push(event);
    }
    return structuredClone(out);
  }

  async headPosition(options: { categories?: readonly string[] } = {}): Promise<number> {
    const categories = options.categories ? new Set(options.categories) : null;
    for (let i = this.log.length - 1; i >= 0; i--)
      if (!categories || categories.has(categoryOf(this.log[i]!.streamId))) return this.log[i]!.globalPosition;
    return 0;
  }

  async countAfter(after: number, options: { categories?: readonly string[]; limit: number }): Promise<number> {
    const categories = options.categories ? new Set(options.categories) : null;
    let n = 0;
    for (let i = this.log.length - 1; i >= 0 && n < options.limit && this.log[i]!.globalPosition > after; i--)
      if (!categories || categories.has(categoryOf(this.log[i]!.streamId))) n++;
    return n;
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent[]> {
    return catchUp(this, options);
  }

  async close(): Promise<void> {
    this.appended.notify();
  }
}
