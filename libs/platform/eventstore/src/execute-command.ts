import type { Decider } from '@luotsi/kernel';
import { WrongExpectedRevisionError } from './errors';
import type { EventMetadata, EventStore, ExpectedRevision } from './event-store';

export interface DomainEventShape {
  type: string;
  data: unknown;
}

export interface CommandOutcome<E, S> {
  events: E[];
  /** The state after the new events. */
  state: S;
  /** The stream's revision after the append (or as read, when nothing was appended). */
  revision: number | null;
}

export interface ExecuteOptions {
  metadata: EventMetadata;
  /** Event ids for the events decided, by index; retries of one request pass the same ids, so the store writes them once. */
  eventId: (index: number) => string;
  /** Re-read and re-decide after a concurrent write this many times before giving up with the conflict. */
  retries?: number;
  /**
   * The caller knows the stream is new (a person just added to the registry): decide against the
   * initial state and append with no_stream, skipping the read. A wrong guess costs one retry.
   */
  expectNewStream?: boolean;
}

/**
 * Read → decide → append with the revision that was read. A concurrent writer makes the append
 * fail; the command is then decided again against the new state (which may now refuse it), a
 * bounded number of times. A refused command appends nothing.
 * @deprecated Use `CommandPipeline.execute(stream, command, envelope)` (`@luotsi/eventstore`).
 */
export async function executeCommand<C, E extends DomainEventShape, S>(store: EventStore, streamId: string, decider: Decider<C, E, S>, command: C, options: ExecuteOptions): Promise<CommandOutcome<E, S>> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const history = options.expectNewStream && attempt === 0 ? [] : await store.readStream(streamId);
    const state = history.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
    const revision = history.length === 0 ? null : history[history.length - 1]!.revision;
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, revision };
    const expectedRevision: ExpectedRevision = revision === null ? 'no_stream' : revision;
    try {
      const result = await store.append(
        streamId,
        events.map((e, i) => ({ eventId: options.eventId(i), type: e.type, data: e.data, metadata: options.metadata })),
        { expectedRevision },
      );
      return { events, state: events.reduce(decider.evolve, state), revision: result.nextExpectedRevision };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < retries) continue;
      throw error;
    }
  }
}

/**
 * Folds a stream into a decider's state (for queries that need the aggregate itself).
 * @deprecated Use `CommandPipeline.load(stream, streamId)`.
 */
export async function loadState<C, E extends DomainEventShape, S>(store: EventStore, streamId: string, decider: Decider<C, E, S>): Promise<{ state: S; revision: number | null }> {
  const history = await store.readStream(streamId);
  return {
    state: history.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState()),
    revision: history.length === 0 ? null : history[history.length - 1]!.revision,
  };
}
