import { randomUUID } from 'node:crypto';
import { DomainError, identityCodePaths, LocalDate, LruMap, type Decider } from '@luotsi/kernel';
import { WrongExpectedRevisionError } from '../errors';
import { categoryOf, type EventMetadata, type EventStore, type NewEvent, type RecordedEvent } from '../event-store';
import { deterministicEventId } from './event-ids';
import { revisionConflicts } from './metrics';

export interface DomainEvent {
  type: string;
  data: unknown;
}

/** One kind of stream of a context: its category, its decider, and which stream a command goes to. */
export interface StreamDeclaration<C, E extends DomainEvent, S> {
  category: string;
  decider: Decider<C, E, S>;
  /** The full stream id, `<category>-<id>` (or the category alone for a singleton stream). */
  streamId(command: C): string;
  /** The version each event type is written in now (1 when not listed); upcasters lift older ones. */
  schemaVersions?: Readonly<Record<string, number>>;
  /** Paths of event data meant to carry an identity code (none in any context but identity). */
  identityCodeAllowed?: readonly string[];
  /**
   * Keep each stream's state after this process appends to it, so the stream's next command is
   * decided without reading it again (see CommandPipeline.execute). Only for a decider whose states
   * are values: evolve returns a new state and nothing changes one in place.
   */
  keepStates?: boolean;
}

/** Who asked, when, and under which ids: everything about a command that is not the command. */
export interface CommandEnvelope {
  /** `role:id`, as recorded in metadata.actor. */
  actor: string;
  /** The one "now" of a command, from the injected clock. */
  now: Date;
  correlationId: string;
  causationId?: string;
  channel?: string;
  /** An Idempotency-Key (scoped per actor and endpoint), or a source event's id: deterministic event ids. */
  idempotency?: { scope: string; key: string };
}

export interface ExecuteResult<E, S> {
  events: E[];
  /** The state after the new events. */
  state: S;
  /** The stream's revision after the append (or as read); null for a stream that does not exist. */
  revision: number | null;
}

export type ItemOutcome<E, S> = { ok: true; result: ExecuteResult<E, S> } | { ok: false; error: unknown };

export interface BulkItem<C> {
  command: C;
  envelope: CommandEnvelope;
}

export interface PipelineOptions {
  /** Re-read and re-decide after a concurrent write this many times, then give up with the conflict. */
  retries?: number;
  /** How many streams' states `keepStates` declarations keep (the least recently used go first). */
  keptStates?: number;
}

/** A stream's folded state and the revision it was folded at (null: no stream yet). */
interface StreamState<S> {
  state: S;
  revision: number | null;
}

/** How one decide-and-append attempt ended (see CommandPipeline.execute). */
type Attempt<E extends DomainEvent, S> =
  | { kind: 'appended'; result: ExecuteResult<E, S> }
  | { kind: 'unchanged'; result: ExecuteResult<E, S> }
  | { kind: 'refused' | 'conflict' | 'failed'; error: unknown };

/** The Europe/Helsinki business date of a command. */
export function todayOf(envelope: Pick<CommandEnvelope, 'now'>): LocalDate {
  return LocalDate.ofInstant(envelope.now);
}

/**
 * The one write path of every context: load → decide → append with the revision read. A concurrent
 * writer makes the append fail; the command is then decided again against the new state (which may
 * now refuse it), a bounded number of times. A refused command appends nothing.
 */
export class CommandPipeline {
  private readonly retries: number;
  /** The states of the streams it appended to last, with their revisions (the least recently used go first). */
  private readonly kept: LruMap<string, { state: unknown; revision: number }>;

  constructor(
    readonly store: EventStore,
    options: PipelineOptions = {},
  ) {
    this.retries = options.retries ?? 3;
    this.kept = new LruMap(options.keptStates ?? 10_000);
  }

  /** Folds a stream into its decider's state. */
  async load<C, E extends DomainEvent, S>(
    stream: StreamDeclaration<C, E, S>,
    streamId: string,
  ): Promise<{ state: S; revision: number | null }> {
    return this.fold(stream, await this.store.readStream(streamId));
  }

  /**
   * A stream of a `keepStates` declaration that this process appended to last is decided against
   * the state it kept, without a read: the append's expected revision proves that state current
   * (nobody appended since), and a refused append discards it. Only an append is trusted so: a
   * refusal, a command that changes nothing, or a conflict is decided again against a fresh read,
   * so a stale state (another replica wrote meanwhile) can never be the answer. A command under an
   * Idempotency-Key always reads, since it must find its own earlier events in the stream.
   *
   * `newStream`: the caller named the stream just now (a fresh random id), so it is decided
   * against the initial state and appended as `no_stream`, on the same terms: if it exists after
   * all, or the decider refuses, the stream is read and the command decided again.
   */
  async execute<C, E extends DomainEvent, S>(
    stream: StreamDeclaration<C, E, S>,
    command: C,
    envelope: CommandEnvelope,
    options: { newStream?: boolean } = {},
  ): Promise<ExecuteResult<E, S>> {
    const streamId = stream.streamId(command);
    let guess = this.guessedState(stream, streamId, envelope, options);
    for (let conflicts = 0; ;) {
      const basis = guess ?? (await this.readState(stream, streamId, envelope));
      if ('replayed' in basis) return basis.replayed;
      const outcome = await this.decideAndAppend(stream, streamId, command, envelope, basis);
      if (outcome.kind === 'appended') return outcome.result;
      if (outcome.kind === 'failed') throw outcome.error;
      // Refused, unchanged or in conflict against a guess: forget it, decide again against what is stored.
      if (guess) {
        guess = undefined;
        this.kept.delete(streamId);
        continue;
      }
      if (outcome.kind === 'unchanged') return outcome.result;
      if (outcome.kind === 'conflict' && conflicts < this.retries) {
        conflicts++;
        revisionConflicts().inc({ category: categoryOf(streamId) });
        continue;
      }
      throw outcome.error;
    }
  }

  /** The state a command may be decided against without a read (see execute), or undefined. */
  private guessedState<S>(
    stream: StreamDeclaration<unknown, DomainEvent, S>,
    streamId: string,
    envelope: CommandEnvelope,
    options: { newStream?: boolean },
  ): StreamState<S> | undefined {
    if (envelope.idempotency) return undefined;
    if (options.newStream) return { state: stream.decider.initialState(), revision: null };
    return stream.keepStates ? (this.kept.get(streamId) as StreamState<S> | undefined) : undefined;
  }

  /**
   * The stream read and folded. Under an Idempotency-Key whose events are already stored, those
   * events are the result (`replayed`): the first attempt was applied but its answer never reached
   * the caller (the process died, the database went away before the key was kept), and deciding
   * again would refuse what the caller asked for.
   */
  private async readState<E extends DomainEvent, S>(
    stream: StreamDeclaration<unknown, E, S>,
    streamId: string,
    envelope: CommandEnvelope,
  ): Promise<StreamState<S> | { replayed: ExecuteResult<E, S> }> {
    const history = await this.store.readStream(streamId);
    const { state, revision } = this.fold(stream, history);
    const earlier = envelope.idempotency ? ownEvents(history, envelope.idempotency) : [];
    return earlier.length > 0 ? { replayed: { events: earlier as E[], state, revision } } : { state, revision };
  }

  /**
   * One attempt: decide against the state, then append with its revision. Only an append keeps the
   * state it led to; a failed append forgets what was kept of the stream.
   */
  private async decideAndAppend<C, E extends DomainEvent, S>(
    stream: StreamDeclaration<C, E, S>,
    streamId: string,
    command: C,
    envelope: CommandEnvelope,
    { state, revision }: StreamState<S>,
  ): Promise<Attempt<E, S>> {
    let events: E[];
    let newEvents: NewEvent[];
    try {
      events = stream.decider.decide(command, state);
      newEvents = toNewEvents(stream, events, envelope, 0);
    } catch (error) {
      return { kind: 'refused', error };
    }
    if (events.length === 0) return { kind: 'unchanged', result: { events, state, revision } };
    try {
      const result = await this.store.append(streamId, newEvents, { expectedRevision: revision === null ? 'no_stream' : revision });
      const after = events.reduce(stream.decider.evolve, state);
      if (stream.keepStates) this.kept.set(streamId, { state: after, revision: result.nextExpectedRevision });
      return { kind: 'appended', result: { events, state: after, revision: result.nextExpectedRevision } };
    } catch (error) {
      this.kept.delete(streamId);
      return { kind: error instanceof WrongExpectedRevisionError ? 'conflict' : 'failed', error };
    }
  }

  /**
   * Decide-many for bulk imports: the items' commands folded in memory per stream over the decider
   * (a refused command is that item's error; the stream goes on from the state before it), all
   * streams appended as new in one appendMany. A stream that turns out to exist already is decided
   * again item by item through `execute`, against what is stored.
   */
  async executeMany<C, E extends DomainEvent, S>(
    stream: StreamDeclaration<C, E, S>,
    items: readonly BulkItem<C>[],
  ): Promise<ItemOutcome<E, S>[]> {
    const outcomes: ItemOutcome<E, S>[] = new Array(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      let streamId: string;
      try {
        streamId = stream.streamId(item.command);
      } catch (error) {
        outcomes[i] = { ok: false, error };
        return;
      }
      const group = groups.get(streamId);
      if (group) group.push(i);
      else groups.set(streamId, [i]);
    });
    const appends: Array<{ streamId: string; indexes: number[]; events: NewEvent[] }> = [];
    for (const [streamId, indexes] of groups) {
      let state = stream.decider.initialState();
      const newEvents: NewEvent[] = [];
      for (const i of indexes) {
        const item = items[i]!;
        try {
          const events = stream.decider.decide(item.command, state);
          const decided = toNewEvents(stream, events, item.envelope, 0);
          state = events.reduce(stream.decider.evolve, state);
          newEvents.push(...decided);
          outcomes[i] = { ok: true, result: { events, state, revision: newEvents.length === 0 ? null : newEvents.length - 1 } };
        } catch (error) {
          outcomes[i] = { ok: false, error };
        }
      }
      if (newEvents.length > 0) appends.push({ streamId, indexes, events: newEvents });
    }
    const results =
      appends.length === 0
        ? []
        : await this.store.appendMany(
            appends.map((a) => ({ streamId: a.streamId, events: a.events, expectedRevision: 'no_stream' as const })),
          );
    for (let n = 0; n < appends.length; n++) {
      const outcome = results[n]!;
      if (outcome.ok) continue;
      const { indexes } = appends[n]!;
      if (!(outcome.error instanceof WrongExpectedRevisionError)) {
        for (const i of indexes) if (outcomes[i]!.ok) outcomes[i] = { ok: false, error: outcome.error };
        continue;
      }
      revisionConflicts().inc({ category: categoryOf(appends[n]!.streamId) });
      for (const i of indexes) {
        const item = items[i]!;
        try {
          outcomes[i] = { ok: true, result: await this.execute(stream, item.command, item.envelope) };
        } catch (error) {
          outcomes[i] = { ok: false, error };
        }
      }
    }
    return outcomes;
  }

  private fold<C, E extends DomainEvent, S>(
    stream: StreamDeclaration<C, E, S>,
    history: readonly RecordedEvent[],
  ): { state: S; revision: number | null } {
    return {
      state: history.reduce((s, e) => stream.decider.evolve(s, { type: e.type, data: e.data } as E), stream.decider.initialState()),
      revision: history.length === 0 ? null : history[history.length - 1]!.revision,
    };
  }
}

/** The events a command with this idempotency key appended (one append: consecutive, ids 0, 1, …). */
function ownEvents(history: readonly RecordedEvent[], idempotency: { scope: string; key: string }): DomainEvent[] {
  const firstId = deterministicEventId(idempotency.scope, idempotency.key, 0);
  const first = history.findIndex((e) => e.eventId === firstId);
  if (first < 0) return [];
  const own: DomainEvent[] = [];
  for (
    let i = first;
    i < history.length && history[i]!.eventId === deterministicEventId(idempotency.scope, idempotency.key, i - first);
    i++
  )
    own.push({ type: history[i]!.type, data: history[i]!.data } as DomainEvent);
  return own;
}

/** What every event of a command carries besides its data. */
export function metadataOf(envelope: CommandEnvelope, schemaVersion: number): EventMetadata {
  return {
    actor: envelope.actor,
    correlationId: envelope.correlationId,
    ...(envelope.causationId ? { causationId: envelope.causationId } : {}),
    ...(envelope.channel ? { channel: envelope.channel } : {}),
    schemaVersion,
  };
}

/**
 * The last line of defence against an identity code in the log: whatever field it was typed into,
 * a decided event carrying one is refused and nothing is appended.
 */
export function refuseIdentityCodes(events: readonly DomainEvent[], allowed: readonly string[] = []): void {
  const paths = events.flatMap((e, i) => identityCodePaths(e.data, allowed).map((p) => `events.${i}.${e.type}.${p}`));
  if (paths.length > 0)
    throw new DomainError('IDENTITY_CODE_REFUSED', 'an identity code may not be recorded here', { paths }, 'validation');
}

function toNewEvents<E extends DomainEvent>(
  stream: StreamDeclaration<unknown, E, unknown>,
  events: readonly E[],
  envelope: CommandEnvelope,
  offset: number,
): NewEvent[] {
  refuseIdentityCodes(events, stream.identityCodeAllowed);
  return events.map((e, i) => {
    const schemaVersion = stream.schemaVersions?.[e.type] ?? 1;
    const eventId = envelope.idempotency
      ? deterministicEventId(envelope.idempotency.scope, envelope.idempotency.key, offset + i)
      : randomUUID();
    return { eventId, type: e.type, schemaVersion, data: e.data, metadata: metadataOf(envelope, schemaVersion) };
  });
}
