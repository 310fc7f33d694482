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
 */
export async function* catchUp(source: CatchUpSource, options: SubscribeOptions = {}, idlePollMs = 200): AsyncGenerator<RecordedEvent[]> {
  let after = options.after ?? 0;
  const maxCount = options.maxCount ?? 500;
  const { signal } = options;
  while (!signal?.aborted) {
    const batch = await source.readAll({ after, maxCount, ...(options.categories ? { categories: options.categories } : {}) });
    if (batch.length > 0) {
      after = batch[batch.length - 1]!.globalPosition;
      yield batch;
      continue;
    }
    await source.appended.wait(idlePollMs, signal);
  }
}
