import { register } from 'prom-client';
import { DomainError, type Decider } from '@luotsi/kernel';
import { InMemoryEventStore } from '../adapters/in-memory-event-store';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../event-store';
import { CommandPipeline, todayOf, type CommandEnvelope, type StreamDeclaration } from './command-pipeline';
import { deterministicEventId } from './event-ids';
import { UpcasterChain } from './upcasting';
import { UpcastingEventStore } from './upcasting-event-store';

type Cmd = { type: 'Add'; id: string; amount: number; note?: string };
type Ev = { type: 'Added'; data: { amount: number; note?: string } };
type St = { total: number };

const counter: Decider<Cmd, Ev, St> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.amount }),
  decide: (c, s) => {
    if (c.amount <= 0) throw new DomainError('NOT_POSITIVE', 'amount must be positive', {}, 'validation');
    if (s.total + c.amount > 10) throw new DomainError('OVER_LIMIT', 'total over 10', {}, 'rule');
    return [{ type: 'Added', data: { amount: c.amount, ...(c.note ? { note: c.note } : {}) } }];
  },
};
const stream: StreamDeclaration<Cmd, Ev, St> = {
  category: 'counter',
  decider: counter,
  streamId: (c) => `counter-${c.id}`,
  schemaVersions: { Added: 2 },
};
const envelope = (extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  actor: 'county:anna',
  now: new Date('2026-12-31T22:30:00Z'),
  correlationId: 'corr-1',
  ...extra,
});

describe('CommandPipeline', () => {
  let store: InMemoryEventStore;
  let pipeline: CommandPipeline;
  beforeEach(() => {
    store = new InMemoryEventStore();
    pipeline = new CommandPipeline(store);
  });

  it('answers a retry of an applied command (same Idempotency-Key) with its stored events, not a new decision', async () => {
    const keyed = envelope({ idempotency: { scope: 'county:anna POST /x', key: 'k-1' } });
    // 6 + 6 would be over the limit: deciding again would refuse the retry of what was applied.
    await pipeline.execute(stream, { type: 'Add', id: 'r', amount: 6 }, keyed);
    const retry = await pipeline.execute(stream, { type: 'Add', id: 'r', amount: 6 }, keyed);
    expect(retry.events).toEqual([{ type: 'Added', data: { amount: 6 } }]);
    expect(await store.readStream('counter-r')).toHaveLength(1);
    // Another key is another command, decided afresh.
    await expect(
      pipeline.execute(
        stream,
        { type: 'Add', id: 'r', amount: 6 },
        envelope({ idempotency: { scope: 'county:anna POST /x', key: 'k-2' } }),
      ),
    ).rejects.toMatchObject({
      code: 'OVER_LIMIT',
    });
  });

  it('loads, decides and appends with the metadata of the envelope', async () => {
    const first = await pipeline.execute(stream, { type: 'Add', id: 'a', amount: 3 }, envelope({ causationId: 'cause', channel: 'web' }));
    expect(first).toEqual({ events: [{ type: 'Added', data: { amount: 3 } }], state: { total: 3 }, revision: 0 });
    const second = await pipeline.execute(stream, { type: 'Add', id: 'a', amount: 4 }, envelope());
    expect(second.state).toEqual({ total: 7 });
    expect(second.revision).toBe(1);
    const [stored] = await store.readStream('counter-a');
    expect(stored!.schemaVersion).toBe(2);
    expect(stored!.metadata).toEqual({
      actor: 'county:anna',
      correlationId: 'corr-1',
      causationId: 'cause',
      channel: 'web',
      schemaVersion: 2,
    });
  });

  it('derives event ids from the idempotency key, so a retry writes nothing twice', async () => {
    const idem = { scope: 'county:anna POST /x', key: 'k-1' };
    await pipeline.execute(stream, { type: 'Add', id: 'a', amount: 3 }, envelope({ idempotency: idem }));
    const [stored] = await store.readStream('counter-a');
    expect(stored!.eventId).toBe(deterministicEventId(idem.scope, idem.key, 0));
  });

  it('writes nothing when the decider refuses', async () => {
    await expect(pipeline.execute(stream, { type: 'Add', id: 'a', amount: 11 }, envelope())).rejects.toMatchObject({ code: 'OVER_LIMIT' });
    expect(await store.headPosition()).toBe(0);
  });

  it('refuses an event carrying an identity code, whatever field it is in, and writes nothing', async () => {
    const error = await pipeline
      .execute(stream, { type: 'Add', id: 'a', amount: 1, note: 'asiakas 131052-308T soitti' }, envelope())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'IDENTITY_CODE_REFUSED', kind: 'validation', details: { paths: ['events.0.Added.note'] } });
    expect(await store.headPosition()).toBe(0);
  });

  it('decides again after a concurrent write, and counts the conflict', async () => {
    await pipeline.execute(stream, { type: 'Add', id: 'a', amount: 1 }, envelope());
    let raced = false;
    const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async (id: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> => {
        if (!raced) {
          raced = true;
          await store.append(id, [{ eventId: '6f1c2d3e-0000-4000-8000-000000000001', type: 'Added', data: { amount: 8 } }], {
            expectedRevision: 'any',
          });
        }
        return store.append(id, events, options);
      },
    });
    const before =
      (await register.getSingleMetric('luotsi_revision_conflicts_total')?.get())?.values.find((v) => v.labels['category'] === 'counter')
        ?.value ?? 0;
    // 1 + 8 + 2 would be 11: decided again against the racing write, the command is refused.
    await expect(new CommandPipeline(racing).execute(stream, { type: 'Add', id: 'a', amount: 2 }, envelope())).rejects.toMatchObject({
      code: 'OVER_LIMIT',
    });
    const after = (await register.getSingleMetric('luotsi_revision_conflicts_total')!.get()).values.find(
      (v) => v.labels['category'] === 'counter',
    )!.value;
    expect(after).toBe(before + 1);
    expect((await store.readStream('counter-a')).map((e) => e.data)).toEqual([{ amount: 1 }, { amount: 8 }]);
  });

  it('gives up with the conflict after a bounded number of retries', async () => {
    let n = 0;
    const alwaysRaced: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async (id: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }) => {
        await store.append(id, [{ eventId: `6f1c2d3e-0000-4000-8000-00000000000${n++}`, type: 'Added', data: { amount: 0 } }], {
          expectedRevision: 'any',
        });
        return store.append(id, events, options);
      },
    });
    await expect(
      new CommandPipeline(alwaysRaced, { retries: 2 }).execute(stream, { type: 'Add', id: 'b', amount: 1 }, envelope()),
    ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(n).toBe(3);
  });

  it('gives the Helsinki date of the envelope', () => {
    expect(todayOf(envelope())).toBe('2027-01-01');
  });

  describe('executeMany', () => {
    it('folds each stream in memory, keeps a refused item as its error and goes on from the state before it', async () => {
      const outcomes = await pipeline.executeMany(stream, [
        { command: { type: 'Add', id: 'a', amount: 4 }, envelope: envelope() },
        { command: { type: 'Add', id: 'b', amount: 2 }, envelope: envelope() },
        { command: { type: 'Add', id: 'a', amount: 9 }, envelope: envelope() },
        { command: { type: 'Add', id: 'a', amount: 6 }, envelope: envelope() },
      ]);
      expect(outcomes.map((o) => (o.ok ? o.result.state.total : (o.error as DomainError).code))).toEqual([4, 2, 'OVER_LIMIT', 10]);
      expect((await store.readStream('counter-a')).map((e) => e.data)).toEqual([{ amount: 4 }, { amount: 6 }]);
      expect((await store.readStream('counter-b')).map((e) => e.data)).toEqual([{ amount: 2 }]);
    });

    it('decides a stream that exists already item by item against what is stored', async () => {
      await pipeline.execute(stream, { type: 'Add', id: 'a', amount: 8 }, envelope());
      const outcomes = await pipeline.executeMany(stream, [
        { command: { type: 'Add', id: 'a', amount: 1 }, envelope: envelope() },
        { command: { type: 'Add', id: 'a', amount: 5 }, envelope: envelope() },
        { command: { type: 'Add', id: 'c', amount: 5 }, envelope: envelope() },
      ]);
      expect(outcomes.map((o) => (o.ok ? o.result.state.total : (o.error as DomainError).code))).toEqual([9, 'OVER_LIMIT', 5]);
      expect((await store.readStream('counter-a')).map((e) => e.data)).toEqual([{ amount: 8 }, { amount: 1 }]);
    });

    it('refuses an item with an identity code and applies the others', async () => {
      const outcomes = await pipeline.executeMany(stream, [
        { command: { type: 'Add', id: 'a', amount: 1, note: '131052-308T' }, envelope: envelope() },
        { command: { type: 'Add', id: 'a', amount: 2 }, envelope: envelope() },
      ]);
      expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'IDENTITY_CODE_REFUSED' } });
      expect((await store.readStream('counter-a')).map((e) => e.data)).toEqual([{ amount: 2 }]);
    });
  });
});

describe('upcasting on read', () => {
  it('lifts stored events through the declared versions before decide and evolve', async () => {
    const raw = new InMemoryEventStore();
    // Version 1 stored the amount in tenths; version 2 in whole units.
    await raw.append(
      'counter-u',
      [{ eventId: '6f1c2d3e-0000-4000-8000-0000000000a1', type: 'Added', schemaVersion: 1, data: { tenths: 50 } }],
      { expectedRevision: 'no_stream' },
    );
    const chain = new UpcasterChain([
      { type: 'Added', fromVersion: 1, upcast: (d) => ({ amount: (d as { tenths: number }).tenths / 10 }) },
    ]);
    const store = new UpcastingEventStore(raw, chain);
    const pipeline = new CommandPipeline(store);
    expect((await pipeline.load(stream, 'counter-u')).state).toEqual({ total: 5 });
    await expect(pipeline.execute(stream, { type: 'Add', id: 'u', amount: 6 }, envelope())).rejects.toMatchObject({ code: 'OVER_LIMIT' });
    const [first, second] = [...(await store.readAll())];
    expect(first).toMatchObject({ schemaVersion: 2, data: { amount: 5 }, metadata: { schemaVersion: 2 } });
    expect(second).toBeUndefined();
    await pipeline.execute(stream, { type: 'Add', id: 'u', amount: 2 }, envelope());
    const batches: unknown[] = [];
    const abort = new AbortController();
    for await (const batch of store.subscribe({ signal: abort.signal })) {
      batches.push(...batch.map((e) => e.data));
      if (batches.length >= 2) abort.abort();
    }
    expect(batches).toEqual([{ amount: 5 }, { amount: 2 }]);
    expect((await raw.readStream('counter-u'))[0]!.data).toEqual({ tenths: 50 });
  });

  it('refuses two different upcasters for one type and version', () => {
    const chain = new UpcasterChain([{ type: 'Added', fromVersion: 1, upcast: (d) => d }]);
    expect(() => chain.add([{ type: 'Added', fromVersion: 1, upcast: (d) => d }])).toThrow(/two upcasters/);
  });
});

describe('kept states (keepStates)', () => {
  type DoorCmd = { type: 'Open' | 'Close' | 'Touch'; id: string };
  type DoorEv = { type: 'Opened' | 'Closed'; data: Record<string, never> };
  type Door = { open: boolean };
  const door: StreamDeclaration<DoorCmd, DoorEv, Door> = {
    category: 'door',
    keepStates: true,
    streamId: (c) => `door-${c.id}`,
    decider: {
      initialState: () => ({ open: false }),
      evolve: (_s, e) => ({ open: e.type === 'Opened' }),
      decide: (c, s) => {
        if (c.type === 'Touch') return s.open ? [] : [{ type: 'Opened', data: {} }];
        if ((c.type === 'Open') === s.open)
          throw new DomainError(c.type === 'Open' ? 'ALREADY_OPEN' : 'ALREADY_CLOSED', 'no change', {}, 'conflict');
        return [{ type: c.type === 'Open' ? 'Opened' : 'Closed', data: {} }];
      },
    },
  };
  let store: InMemoryEventStore;
  let reads: number;
  let here: CommandPipeline;
  let elsewhere: CommandPipeline;
  beforeEach(() => {
    store = new InMemoryEventStore();
    reads = 0;
    const counted = Object.create(store) as EventStore;
    counted.readStream = (...args) => {
      reads++;
      return store.readStream(...args);
    };
    here = new CommandPipeline(counted);
    // Another replica: its own pipeline on the same store.
    elsewhere = new CommandPipeline(store);
  });

  it("decides a stream's next command against the state kept after its last append, without reading it", async () => {
    await here.execute(door, { type: 'Open', id: 'd' }, envelope());
    expect(reads).toBe(1);
    const closed = await here.execute(door, { type: 'Close', id: 'd' }, envelope());
    expect(closed).toEqual({ events: [{ type: 'Closed', data: {} }], state: { open: false }, revision: 1 });
    expect(reads).toBe(1);
    // Under an Idempotency-Key the stream is read: the key's earlier events may be in it.
    await here.execute(door, { type: 'Open', id: 'd' }, envelope({ idempotency: { scope: 's', key: 'k' } }));
    expect(reads).toBe(2);
  });

  it('decides again against a fresh read when another writer appended meanwhile: the stale state never answers', async () => {
    await here.execute(door, { type: 'Open', id: 'd' }, envelope());
    await elsewhere.execute(door, { type: 'Close', id: 'd' }, envelope());
    // The kept state says open: it would refuse, and the append of a Closed would conflict.
    await expect(here.execute(door, { type: 'Open', id: 'd' }, envelope())).resolves.toMatchObject({ state: { open: true }, revision: 2 });
    await elsewhere.execute(door, { type: 'Close', id: 'd' }, envelope());
    await expect(here.execute(door, { type: 'Close', id: 'd' }, envelope())).rejects.toMatchObject({ code: 'ALREADY_CLOSED' });
    // A command that changes nothing by the kept state is also decided again from the stream.
    await here.execute(door, { type: 'Open', id: 'e' }, envelope());
    await elsewhere.execute(door, { type: 'Close', id: 'e' }, envelope());
    await expect(here.execute(door, { type: 'Touch', id: 'e' }, envelope())).resolves.toMatchObject({
      events: [{ type: 'Opened', data: {} }],
      revision: 2,
    });
    expect((await store.readStream('door-d')).map((e) => e.type)).toEqual(['Opened', 'Closed', 'Opened', 'Closed']);
    expect((await store.readStream('door-e')).map((e) => e.type)).toEqual(['Opened', 'Closed', 'Opened']);
  });
  it('decides a stream named just now (newStream) without reading it, and reads it when it exists after all', async () => {
    const opened = await here.execute(door, { type: 'Open', id: 'n' }, envelope(), { newStream: true });
    expect(opened).toMatchObject({ state: { open: true }, revision: 0 });
    expect(reads).toBe(0);
    // The same id again: the append as new conflicts, and the stream as stored decides (it is open).
    await expect(here.execute(door, { type: 'Open', id: 'n' }, envelope(), { newStream: true })).rejects.toMatchObject({
      code: 'ALREADY_OPEN',
    });
    expect(reads).toBe(1);
    expect((await store.readStream('door-n')).map((e) => e.type)).toEqual(['Opened']);
  });
});
