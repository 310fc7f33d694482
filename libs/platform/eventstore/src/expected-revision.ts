import { invalidAppend, WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision, NewEvent } from './event-store';

/** Current revision of a stream: null when it does not exist. Shared by the adapters that check it themselves. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | null): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === null) ||
    (expected === 'stream_exists' && current !== null) ||
    (typeof expected === 'number' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

export const MAX_EVENTS_PER_APPEND = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(streamId)) throw invalidAppend(`invalid stream id`, { streamId });
  if (events.length === 0) throw invalidAppend('an append needs at least one event', { streamId });
  // PostgreSQL positions leave room for 1024 events per transaction (ADR 0003).
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw invalidAppend(`an append holds at most ${MAX_EVENTS_PER_APPEND} events`, { streamId, events: events.length });
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw invalidAppend('expected revision must be a non-negative integer', { streamId, expectedRevision: expected });
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw invalidAppend('eventId must be a uuid', { streamId, eventId: event.eventId });
    if (ids.has(event.eventId)) throw invalidAppend('an append repeats an eventId', { streamId, eventId: event.eventId });
    ids.add(event.eventId);
    if (!event.type) throw invalidAppend('event type is required', { streamId });
  }
}
