import { randomUUID } from 'node:crypto';
import { FixedClock } from '@luotsi/kernel';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store';

export interface ContractFixture {
  store: EventStore;
  /** Stops whatever the factory started. */
  dispose(): Promise<void>;
  /** Re-opens the store on the same data (restart); omitted when the adapter has no persistence. */
  reopen?(): Promise<EventStore>;
}

export type ContractFactory = (clock: FixedClock) => Promise<ContractFixture>;

const event = (type: string, data: Record<string, unknown> = {}, metadata = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata,
});

/**
 * The one behaviour every event-store adapter must have. Stream ids use a category unique to the
 * run, so the suite also runs against a shared, never-reset server (EventStoreDB).
 */
export function eventStoreContract(
  adapter: string,
  factory: ContractFactory,
  options: { concurrency?: { writers: number; eventsPerWriter: number } } = {},
): void {
  describe(`event store contract: ${adapter}`, () => {
    const clock = new FixedClock('2026-11-23T10:00:00.000Z');
    let fixture: ContractFixture;
    let store: EventStore;
    let cat: string;
    const sid = (id: string) => `${cat}-${id}`;

    // One store per suite (PGlite takes seconds to open); each test writes to its own category.
    beforeAll(async () => {
      fixture = await factory(clock);
      store = fixture.store;
    }, 60_000);
    afterAll(async () => {
      await fixture.dispose();
    });
    beforeEach(() => {
      cat = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });

    describe('append and read a stream', () => {
      it('creates a stream with no_stream and reads its events in order with envelope fields', async () => {
        const result = await store.append(
          sid('a'),
          [event('Opened', { n: 1 }, { correlationId: 'c1', actor: 'u1' }), event('Changed', { n: 2 })],
          { expectedRevision: 'no_stream' },
        );
        expect(result.nextExpectedRevision).toBe(1);
        const events = await store.readStream(sid('a'));
        expect(events.map((e) => [e.type, e.revision, e.data])).toEqual([
          ['Opened', 0, { n: 1 }],
          ['Changed', 1, { n: 2 }],
        ]);
        expect(events[0]).toMatchObject({
          streamId: sid('a'),
          schemaVersion: 1,
          recordedAt: '2026-11-23T10:00:00.000Z',
          metadata: { correlationId: 'c1', actor: 'u1' },
        });
        expect(events[1]!.globalPosition).toBeGreaterThan(events[0]!.globalPosition);
        expect(result.position).toBe(events[1]!.globalPosition);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(sid('missing'))).toEqual([]);
      });

      it('reads from a revision with a max count', async () => {
        await store.append(sid('r'), [event('A'), event('B'), event('C'), event('D')], { expectedRevision: 'no_stream' });
        const events = await store.readStream(sid('r'), { fromRevision: 1, maxCount: 2 });
        expect(events.map((e) => e.type)).toEqual(['B', 'C']);
      });

      it('keeps schemaVersion', async () => {
        await store.append(sid('v'), [{ ...event('X'), schemaVersion: 3 }], { expectedRevision: 'no_stream' });
        expect((await store.readStream(sid('v')))[0]!.schemaVersion).toBe(3);
      });
    });

    describe('expected revision', () => {
      it('rejects no_stream on an existing stream with expected and actual revision', async () => {
        await store.append(sid('x'), [event('A'), event('B')], { expectedRevision: 'no_stream' });
        await expect(store.append(sid('x'), [event('C')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          details: { streamId: sid('x'), expectedRevision: 'no_stream', actualRevision: 1 },
        });
        expect(await store.readStream(sid('x'))).toHaveLength(2);
      });

      it('appends at the exact revision and rejects a stale one', async () => {
        await store.append(sid('e'), [event('A')], { expectedRevision: 'no_stream' });
        await store.append(sid('e'), [event('B')], { expectedRevision: 0 });
        await expect(store.append(sid('e'), [event('C')], { expectedRevision: 0 })).rejects.toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          details: { expectedRevision: 0, actualRevision: 1 },
        });
        await expect(store.append(sid('e'), [event('C')], { expectedRevision: 5 })).rejects.toMatchObject({
          details: { actualRevision: 1 },
        });
        expect((await store.readStream(sid('e'))).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('rejects an exact revision on a missing stream as no_stream', async () => {
        await expect(store.append(sid('m'), [event('A')], { expectedRevision: 0 })).rejects.toMatchObject({
          details: { actualRevision: 'no_stream' },
        });
      });

      it('requires an existing stream for stream_exists', async () => {
        await expect(store.append(sid('s'), [event('A')], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          details: { actualRevision: 'no_stream' },
        });
        await store.append(sid('s'), [event('A')], { expectedRevision: 'no_stream' });
        const ok = await store.append(sid('s'), [event('B')], { expectedRevision: 'stream_exists' });
        expect(ok.nextExpectedRevision).toBe(1);
      });

      it('appends anywhere with any', async () => {
        await store.append(sid('any'), [event('A')], { expectedRevision: 'any' });
        const second = await store.append(sid('any'), [event('B')], { expectedRevision: 'any' });
        expect(second.nextExpectedRevision).toBe(1);
      });

      it('lets exactly one of two racing writers at the same revision win', async () => {
        await store.append(sid('race'), [event('A')], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled([
          store.append(sid('race'), [event('B1')], { expectedRevision: 0 }),
          store.append(sid('race'), [event('B2')], { expectedRevision: 0 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
        expect(await store.readStream(sid('race'))).toHaveLength(2);
      });
    });

    describe('idempotent appends', () => {
      it('treats the same event ids appended again as the same append', async () => {
        const events = [event('A'), event('B')];
        const first = await store.append(sid('i'), events, { expectedRevision: 'no_stream' });
        const again = await store.append(sid('i'), events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        expect(await store.readStream(sid('i'))).toHaveLength(2);
      });

      it('rejects an append that mixes stored and new event ids and writes none of it', async () => {
        const a = event('A');
        await store.append(sid('j'), [a], { expectedRevision: 'no_stream' });
        await expect(store.append(sid('j'), [event('B'), a], { expectedRevision: 0 })).rejects.toMatchObject({
          code: expect.stringMatching(/DUPLICATE_EVENT_ID|CONCURRENCY_CONFLICT/),
        });
        expect(await store.readStream(sid('j'))).toHaveLength(1);
      });
    });

    describe('appends to many streams', () => {
      it('appends every stream, each at its own revision, with the position of its last event', async () => {
        await store.append(sid('m0'), [event('Before')], { expectedRevision: 'no_stream' });
        const outcomes = await store.appendMany([
          { streamId: sid('m1'), events: [event('A1'), event('A2')], expectedRevision: 'no_stream' },
          { streamId: sid('m0'), events: [event('B1')], expectedRevision: 0 },
          { streamId: sid('m2'), events: [event('C1')], expectedRevision: 'any' },
        ]);
        expect(outcomes.map((o) => o.ok && o.result.nextExpectedRevision)).toEqual([1, 1, 0]);
        expect((await store.readStream(sid('m1'))).map((e) => [e.type, e.revision])).toEqual([
          ['A1', 0],
          ['A2', 1],
        ]);
        expect((await store.readStream(sid('m0'))).map((e) => e.type)).toEqual(['Before', 'B1']);
        // The streams' order among themselves in the global log is the adapter's (EventStoreDB
        // appends them concurrently); each stream's own order is kept.
        const all = await store.readAll({ categories: [cat] });
        expect(all.map((e) => e.type).sort()).toEqual(['A1', 'A2', 'B1', 'Before', 'C1']);
        expect(all.findIndex((e) => e.type === 'A1')).toBeLessThan(all.findIndex((e) => e.type === 'A2'));
        for (const [k, name] of [
          [0, 'm1'],
          [1, 'm0'],
          [2, 'm2'],
        ] as const) {
          const last = all.filter((e) => e.streamId === sid(name)).pop()!;
          expect(outcomes[k]!.ok && outcomes[k]!.result.position).toBe(last.globalPosition);
        }
      });

      it('refuses only the stream that conflicts or is invalid, and appends the others', async () => {
        await store.append(sid('c0'), [event('A')], { expectedRevision: 'no_stream' });
        const outcomes = await store.appendMany([
          { streamId: sid('c1'), events: [event('X')], expectedRevision: 'no_stream' },
          { streamId: sid('c0'), events: [event('Stale')], expectedRevision: 'no_stream' },
          { streamId: sid('c2'), events: [], expectedRevision: 'no_stream' },
          { streamId: sid('c3'), events: [event('Y')], expectedRevision: 'no_stream' },
        ]);
        expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
        expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'CONCURRENCY_CONFLICT', details: { actualRevision: 0 } } });
        expect(outcomes[2]).toMatchObject({ ok: false, error: { code: 'INVALID_APPEND' } });
        expect((await store.readStream(sid('c0'))).map((e) => e.type)).toEqual(['A']);
        expect((await store.readAll({ categories: [cat] })).map((e) => e.type).sort()).toEqual(['A', 'X', 'Y']);
      });

      it('treats the same batch sent again as the same appends and writes nothing more', async () => {
        const batch = [1, 2, 3].map((n) => ({
          streamId: sid(`r${n}`),
          events: [event('A'), event('B')],
          expectedRevision: 'no_stream' as const,
        }));
        const first = await store.appendMany(batch);
        const again = await store.appendMany(batch);
        expect(again).toEqual(first);
        expect(await store.readAll({ categories: [cat] })).toHaveLength(6);
      });

      it('lets exactly one of two racing batches win each stream', async () => {
        const batch = (who: string) =>
          Array.from({ length: 40 }, (_, n) => ({
            streamId: sid(`race${n}`),
            events: [event(who)],
            expectedRevision: 'no_stream' as const,
          }));
        const [a, b] = await Promise.all([store.appendMany(batch('A')), store.appendMany(batch('B'))]);
        for (let n = 0; n < 40; n++) {
          expect([a[n]!.ok, b[n]!.ok].filter(Boolean)).toHaveLength(1);
          const loser = a[n]!.ok ? b[n]! : a[n]!;
          expect(loser).toMatchObject({ ok: false, error: { code: 'CONCURRENCY_CONFLICT' } });
          const stored = await store.readStream(sid(`race${n}`));
          expect(stored.map((e) => e.type)).toEqual([a[n]!.ok ? 'A' : 'B']);
        }
      });

      it('takes more events than one append may hold, across many streams', async () => {
        const batch = Array.from({ length: 30 }, (_, n) => ({
          streamId: sid(`big${n}`),
          events: Array.from({ length: 50 }, () => event('E')),
          expectedRevision: 'no_stream' as const,
        }));
        const outcomes = await store.appendMany(batch);
        expect(outcomes.every((o) => o.ok)).toBe(true);
        const all = await store.readAll({ categories: [cat], maxCount: 5000 });
        expect(all).toHaveLength(1500);
        expect(new Set(all.map((e) => e.globalPosition)).size).toBe(1500);
        for (const a of batch)
          expect(all.filter((e) => e.streamId === a.streamId).map((e) => e.revision)).toEqual(a.events.map((_, r) => r));
      });
    });

    describe('invalid appends', () => {
      it('rejects an empty append and a non-uuid event id', async () => {
        await expect(store.append(sid('bad'), [], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'INVALID_APPEND' });
        await expect(
          store.append(sid('bad'), [{ eventId: 'nope', type: 'A', data: {} }], { expectedRevision: 'any' }),
        ).rejects.toMatchObject({ code: 'INVALID_APPEND' });
        expect(await store.readStream(sid('bad'))).toEqual([]);
      });
    });

    describe('the global order', () => {
      it('reads all events of chosen categories in position order after a position', async () => {
        const other = `${cat}x`;
        await store.append(sid('1'), [event('A')], { expectedRevision: 'no_stream' });
        await store.append(`${other}-1`, [event('Other')], { expectedRevision: 'no_stream' });
        await store.append(sid('2'), [event('B'), event('C')], { expectedRevision: 'no_stream' });
        const mine = await store.readAll({ categories: [cat] });
        expect(mine.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        const after = await store.readAll({ categories: [cat], after: mine[0]!.globalPosition });
        expect(after.map((e) => e.type)).toEqual(['B', 'C']);
        const both = await store.readAll({ categories: [cat, other] });
        expect(both.map((e) => e.type)).toEqual(['A', 'Other', 'B', 'C']);
        expect(await store.readAll({ categories: [cat], maxCount: 2 })).toHaveLength(2);
      });

      it('reports the head position of all events or of chosen categories', async () => {
        const other = `${cat}y`;
        const a = await store.append(sid('h'), [event('A'), event('B')], { expectedRevision: 'no_stream' });
        const b = await store.append(`${other}-h`, [event('C')], { expectedRevision: 'no_stream' });
        expect(await store.headPosition({ categories: [cat] })).toBe(a.position);
        expect(await store.headPosition({ categories: [cat, other] })).toBe(b.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(b.position);
        expect(await store.headPosition({ categories: [`${cat}none`] })).toBe(0);
      });

      it('counts the events after a position, of all or of chosen categories, up to the bound', async () => {
        // Optional in the port: a store without it is counted from its head (UpcastingEventStore).
        if (!store.countAfter) return;
        const [c1, c2] = [`${cat}n`, `${cat}m`];
        await store.append(`${c1}-1`, [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
        await store.append(`${c2}-1`, [event('D')], { expectedRevision: 'no_stream' });
        const [a] = await store.readAll({ categories: [c1] });
        expect(await store.countAfter(0, { categories: [c1], limit: 10 })).toBe(3);
        expect(await store.countAfter(a!.globalPosition, { categories: [c1], limit: 10 })).toBe(2);
        expect(await store.countAfter(a!.globalPosition, { categories: [c1, c2], limit: 10 })).toBe(3);
        expect(await store.countAfter(0, { categories: [c1, c2], limit: 2 })).toBe(2);
        expect(await store.countAfter(0, { categories: [`${cat}none`], limit: 10 })).toBe(0);
        expect(await store.countAfter(0, { categories: [], limit: 10 })).toBe(0);
        expect(await store.countAfter(a!.globalPosition, { limit: 1_000_000 })).toBeGreaterThanOrEqual(3);
      });

      it('catches up and then goes live with no gap and no duplicate', async () => {
        await store.append(sid('live'), [event('E0'), event('E1')], { expectedRevision: 'no_stream' });
        const abort = new AbortController();
        const seen: RecordedEvent[] = [];
        const reading = (async () => {
          for await (const batch of store.subscribe({ categories: [cat], signal: abort.signal })) {
            seen.push(...batch);
            if (seen.length >= 5) abort.abort();
          }
        })();
        await waitFor(() => seen.length >= 2);
        await store.append(sid('live'), [event('E2')], { expectedRevision: 1 });
        await store.append(sid('live'), [event('E3'), event('E4')], { expectedRevision: 2 });
        await reading;
        expect(seen.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      });

      it('resumes from a checkpoint exactly', async () => {
        await store.append(
          sid('cp'),
          Array.from({ length: 6 }, (_, i) => event(`E${i}`)),
          { expectedRevision: 'no_stream' },
        );
        const firstRun = await take(store, cat, 3, 0);
        const checkpoint = firstRun[firstRun.length - 1]!.globalPosition;
        const restarted = fixture.reopen ? await fixture.reopen() : store;
        const secondRun = await take(restarted, cat, 3, checkpoint);
        expect([...firstRun, ...secondRun].map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
        expect(await restarted.readStream(sid('cp'))).toHaveLength(6);
        store = restarted;
      });

      const { writers, eventsPerWriter } = options.concurrency ?? { writers: 20, eventsPerWriter: 500 };
      it(`delivers every event exactly once, in position order, while ${writers} writers append ${writers * eventsPerWriter} events`, async () => {
        const total = writers * eventsPerWriter;
        const abort = new AbortController();
        const seen: RecordedEvent[] = [];
        const reading = (async () => {
          for await (const batch of store.subscribe({ categories: [cat], signal: abort.signal })) {
            seen.push(...batch);
            if (seen.length >= total) abort.abort();
          }
        })();
        const writing = Array.from({ length: writers }, async (_, w) => {
          let written = 0;
          while (written < eventsPerWriter) {
            const n = Math.min(eventsPerWriter - written, 1 + Math.floor(Math.random() * 3));
            const stream = sid(`s${Math.floor(Math.random() * 40)}`);
            await store.append(
              stream,
              Array.from({ length: n }, (_, i) => event('Written', { w, i: written + i })),
              { expectedRevision: 'any' },
            );
            written += n;
          }
        });
        await Promise.all(writing);
        const timeout = setTimeout(() => abort.abort(), 60_000);
        await reading;
        clearTimeout(timeout);
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(total);
        for (let i = 1; i < seen.length; i++) expect(seen[i]!.globalPosition).toBeGreaterThan(seen[i - 1]!.globalPosition);
        const perWriter = new Map<number, number>();
        for (const e of seen) {
          const { w } = e.data as { w: number };
          perWriter.set(w, (perWriter.get(w) ?? 0) + 1);
        }
        expect([...perWriter.values()]).toEqual(Array.from({ length: writers }, () => eventsPerWriter));
        // each stream's revisions are gapless
        const byStream = new Map<string, number[]>();
        for (const e of seen) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
        for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
      }, 120_000);
    });
  });
}

async function take(store: EventStore, category: string, count: number, after: number): Promise<RecordedEvent[]> {
  const abort = new AbortController();
  const out: RecordedEvent[] = [];
  for await (const batch of store.subscribe({ categories: [category], after, maxCount: 1, signal: abort.signal })) {
    out.push(...batch);
    if (out.length >= count) abort.abort();
  }
  return out;
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
