/**
 * The event store port. Every adapter (in-memory, PostgreSQL/PGlite, EventStoreDB) passes the same
 * contract suite (src/testing/contract.ts), so handlers never know which one they run on.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  channel?: string;
  [key: string]: unknown;
}

export interface NewEvent<T = unknown> {
  /** A uuid chosen by the writer; appending the same ids again is a no-op (idempotent retry). */
  eventId: string;
  type: string;
  schemaVersion?: number;
  data: T;
  metadata?: EventMetadata;
}

export interface RecordedEvent<T = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  /** 0-based position inside the stream. */
  revision: number;
  /** Position in the store's global order (> 0); a subscriber's checkpoint. */
  globalPosition: number;
  /** ISO-8601 instant from the store's injected clock. */
  recordedAt: string;
  data: T;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** The revision of the stream's last event: pass it as expectedRevision next time. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
}

/** One stream's part of an appendMany. */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** What one stream's append in an appendMany came to: its result, or the error that refused it. */
export type StreamAppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. 0 (the default) reads from the beginning. */
  after?: number;
  maxCount?: number;
  /** Stream categories (the part of the stream id before the first '-'); all when omitted. */
  categories?: readonly string[];
}

export interface SubscribeOptions extends ReadAllOptions {
  /** Aborting ends the iteration after the batch in hand. */
  signal?: AbortSignal;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to many streams in as few round trips as the store allows (a register import writes
   * thousands of new streams). Each stream's append is checked and atomic exactly as `append`; the
   * batch as a whole is not: one stream's conflict leaves the others appended. Outcomes in the order
   * of `appends`; the streams' order among themselves in the global log is the adapter's.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  /** A stream that does not exist reads as an empty array. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in global order, only those whose position order is final (no earlier event can still appear). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The position of the last committed event (of the categories), or 0: what a reader must reach to
   * have seen everything written so far, even the events readAll does not show yet.
   */
  headPosition(options?: { categories?: readonly string[] }): Promise<number>;
  /**
   * How many events (of the categories) lie after `after`, counted up to `limit`: a lag in events,
   * where positions are not consecutive. Optional: without it a reader's lag is in positions.
   */
  countAfter?(after: number, options: { categories?: readonly string[]; limit: number }): Promise<number>;
  /**
   * A catch-up subscription: batches in global order from `after`, then live, with no gap and no
   * duplicate. Pull-based (`for await`), so a slow consumer slows the reads, never buffers unbounded.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent[]>;
  close(): Promise<void>;
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
