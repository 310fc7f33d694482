import { DomainError } from '@luotsi/kernel';
import type { ExpectedRevision } from './event-store';

/** The optimistic-concurrency failure: a 409 with both revisions, so the caller can re-read and retry. */
export class WrongExpectedRevisionError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${streamId} is at ${actual === 'no_stream' ? 'no stream' : `revision ${actual}`}, expected ${expected}`,
      { streamId, expectedRevision: expected, actualRevision: actual },
      'conflict',
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export function duplicateEventIds(streamId: string): DomainError {
  return new DomainError(
    'DUPLICATE_EVENT_ID',
    `some event ids of this append to ${streamId} are already stored with other events`,
    { streamId },
    'conflict',
  );
}

export function invalidAppend(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('INVALID_APPEND', message, details, 'validation');
}
