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
import type { UpcasterChain } from './upcasting';

/**
 * The event store every reader of a process gets: reads and subscriptions pass through the
 * declared upcasters, so deciders, projections and the gateway only ever see current versions.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    readonly upcasters: UpcasterChain,
  ) {}

  append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    return this.inner.appendMany(appends);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.upcasters.upcastAll(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.upcasters.upcastAll(await this.inner.readAll(options));
  }

  headPosition(options?: { categories?: readonly string[] }): Promise<number> {
    return this.inner.headPosition(options);
  }

  countAfter(after: number, options: { categories?: readonly string[]; limit: number }): Promise<number> {
    return this.inner.countAfter
      ? this.inner.countAfter(after, options)
      : this.inner.headPosition(options).then((head) => Math.min(options.limit, Math.max(0, head - after)));
  }

  async *subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    for await (const batch of this.inner.subscribe(options)) yield this.upcasters.upcastAll(batch);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
