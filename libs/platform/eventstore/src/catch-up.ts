import type { ReadAllOptions, RecordedEvent, SubscribeOptions } from './event-store';
import type { WakeSignal } from './wake-signal';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  readonly appended: WakeSignal;
}

/**
 * The one subscription loop for the stores that we poll ourselves: read a batch after the cursor,
 * hand it over, and only when a read comes back empty wait for a wake-up (or the idle poll, which
 * also covers writers in other processes). Catch-up and live are the same query, so the switch has
 * no gap and no duplicate.
 *
 * A full batch says more is waiting, so the next read starts before the batch is handed over: a
 * catch-up (a rebuild, a service behind its backlog) then overlaps the database's read with the
 * consumer's work instead of alternating them. The read is the same query it would have been (its
 * cursor is the batch's last position, whatever the consumer does), and at most one batch is read
 * ahead; a consumer that stops leaves that read to finish unobserved.
 */
export async function* catchUp(source: CatchUpSource, options: SubscribeOptions = {}, idlePollMs = 200): AsyncGenerator<RecordedEvent[]> {
  let after = options.after ?? 0;
  const maxCount = options.maxCount ?? 500;
  const { signal } = options;
  const read = (from: number): Promise<RecordedEvent[]> => {
    const reading = source.readAll({ after: from, maxCount, ...(options.categories ? { categories: options.categories } : {}) });
    // Handled here too, so that a read-ahead nobody awaits (the consumer stopped) is never an
    // unhandled rejection; the loop's own await still sees the failure.
    reading.catch(() => undefined);
    return reading;
  };
  let ahead: Promise<RecordedEvent[]> | null = null;
  while (!signal?.aborted) {
    const batch = await (ahead ?? read(after));
    ahead = null;
    if (batch.length > 0) {
      after = batch[batch.length - 1]!.globalPosition;
      if (batch.length >= maxCount) ahead = read(after);
      yield batch;
      continue;
    }
    await source.appended.wait(idlePollMs, signal);
  }
}
