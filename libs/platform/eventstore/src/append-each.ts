import type { EventStore, StreamAppend, StreamAppendOutcome } from './event-store';

/**
 * appendMany for a store without a multi-stream write: each stream's append on its own, a few at a
 * time, every refusal kept as that stream's outcome.
 */
export async function appendEach(
  store: Pick<EventStore, 'append'>,
  appends: readonly StreamAppend[],
  concurrency = 1,
): Promise<StreamAppendOutcome[]> {
  const outcomes: StreamAppendOutcome[] = new Array(appends.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < appends.length; i = next++) {
      const { streamId, events, expectedRevision } = appends[i]!;
      try {
        outcomes[i] = { ok: true, result: await store.append(streamId, events, { expectedRevision }) };
      } catch (error) {
        outcomes[i] = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, appends.length)) }, worker));
  return outcomes;
}
