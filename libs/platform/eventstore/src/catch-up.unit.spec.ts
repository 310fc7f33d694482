import { catchUp, type CatchUpSource } from './catch-up';
import type { ReadAllOptions, RecordedEvent } from './event-store';
import { WakeSignal } from './wake-signal';

const event = (position: number): RecordedEvent => ({
  eventId: `e${position}`,
  type: 'Happened',
  schemaVersion: 1,
  streamId: 's-1',
  revision: position - 1,
  globalPosition: position,
  recordedAt: '2027-01-01T00:00:00.000Z',
  data: {},
  metadata: {},
});

/** A log of `count` events whose reads are recorded in order with what the consumer was doing. */
function logOf(count: number, failAfter?: number) {
  const journal: string[] = [];
  const source: CatchUpSource = {
    appended: new WakeSignal(),
    readAll: async ({ after = 0, maxCount = 500 }: ReadAllOptions) => {
      journal.push(`read after ${after}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failAfter !== undefined && after >= failAfter) throw new Error(`the read after ${after} failed`);
      const batch: RecordedEvent[] = [];
      for (let p = after + 1; p <= Math.min(count, after + maxCount); p++) batch.push(event(p));
      return batch;
    },
  };
  return { source, journal };
}

describe('catchUp', () => {
  it('reads the next batch while the consumer handles a full one, and waits after a short one', async () => {
    const { source, journal } = logOf(7);
    const abort = new AbortController();
    const seen: number[] = [];
    for await (const batch of catchUp(source, { after: 0, maxCount: 3, signal: abort.signal }, 10)) {
      journal.push(`handling ${batch[0]!.globalPosition}-${batch[batch.length - 1]!.globalPosition}`);
      seen.push(...batch.map((e) => e.globalPosition));
      await new Promise((resolve) => setTimeout(resolve, 20));
      journal.push('handled');
      if (seen.length === 7) abort.abort();
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each full batch's successor is asked for before the batch is handed over; the short batch
    // (7) has none, so nothing is read until the consumer is done with it and the loop comes back.
    expect(journal).toEqual([
      'read after 0',
      'read after 3',
      'handling 1-3',
      'handled',
      'read after 6',
      'handling 4-6',
      'handled',
      'handling 7-7',
      'handled',
    ]);
  });

  it('hands over every event once, in order, however far ahead it reads', async () => {
    const { source } = logOf(1000);
    const abort = new AbortController();
    const seen: number[] = [];
    for await (const batch of catchUp(source, { maxCount: 64, signal: abort.signal }, 10)) {
      seen.push(...batch.map((e) => e.globalPosition));
      if (seen.length >= 1000) abort.abort();
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('a read-ahead that fails after the consumer stopped is not an unhandled rejection', async () => {
    const { source } = logOf(10, 2);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const batch of catchUp(source, { maxCount: 2 }, 10)) {
        expect(batch.map((e) => e.globalPosition)).toEqual([1, 2]);
        break; // the read after 2 is under way, and will fail
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a failed read-ahead fails the consumer that goes on, with the read error', async () => {
    const { source } = logOf(10, 2);
    const batches: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of catchUp(source, { maxCount: 2 }, 10)) batches.push(batch.map((e) => e.globalPosition));
      })(),
    ).rejects.toThrow('the read after 2 failed');
    expect(batches).toEqual([[1, 2]]);
  });
});
