import { randomUUID } from 'node:crypto';
import { PglitePool } from '@luotsi/database';
import { PostgresEventStore, type RecordedEvent } from '@luotsi/eventstore';
import { waitUntil } from '@luotsi/testing';
import type { BatchContext, SubscriptionHandler } from './handlers';
import { SubscriptionCheckpoints } from './subscription-checkpoints';
import { SubscriptionEngine } from './subscription-engine';

/** A reactor-like handler a test can make fail or hold. */
class Controllable implements SubscriptionHandler {
  readonly kind = 'reactor';
  readonly name = 'reactor:controllable';
  readonly categories = ['thing'];
  readonly batchSize = 1;
  failing = false;
  held: Promise<void> | null = null;
  constructor(private readonly checkpoints: SubscriptionCheckpoints) {}
  async handle(batch: readonly RecordedEvent[], _context: BatchContext): Promise<boolean> {
    if (this.held) await this.held;
    if (this.failing) throw new Error('the handler fails');
    await this.checkpoints.save(this.name, batch[batch.length - 1]!.globalPosition);
    return true;
  }
}

describe('SubscriptionEngine readiness', () => {
  let pool: PglitePool;
  let store: PostgresEventStore;
  let engine: SubscriptionEngine;
  let handler: Controllable;
  const append = (n: number) =>
    store.appendMany(
      Array.from({ length: n }, () => ({
        streamId: `thing-${randomUUID()}`,
        events: [{ eventId: randomUUID(), type: 'T', data: {} }],
        expectedRevision: 'no_stream' as const,
      })),
    );

  beforeAll(async () => {
    pool = await PglitePool.open(undefined);
    store = await PostgresEventStore.open(pool, { idlePollMs: 20 });
    const checkpoints = await SubscriptionCheckpoints.open(pool);
    handler = new Controllable(checkpoints);
    engine = new SubscriptionEngine({ store, checkpoints, retryMs: 30, lagRefreshMs: 0 });
    engine.add(handler);
    await engine.startAll();
  }, 30_000);
  afterAll(async () => {
    await engine.stopAll();
    await store.close();
    await pool.end();
  });

  it('is ready when caught up, not ready while its last batch failed, ready again once it recovers', async () => {
    await append(3);
    await engine.get('reactor:controllable')!.caughtUp(10_000);
    expect(await engine.readiness(10)).toEqual({ ok: true, details: { lagging: [], failing: [], lag: { 'reactor:controllable': 0 } } });

    handler.failing = true;
    await append(1);
    await waitUntil(async () => (await engine.readiness(10)).details.failing.length > 0, { timeoutMs: 10_000, what: 'the failure seen' });
    expect(await engine.readiness(10)).toEqual({
      ok: false,
      details: { failing: ['reactor:controllable'], lagging: [], lag: { 'reactor:controllable': 1 } },
    });

    handler.failing = false;
    await engine.get('reactor:controllable')!.caughtUp(10_000);
    expect((await engine.readiness(10)).ok).toBe(true);
  });

  it('is not ready while a subscription lags more than the bound', async () => {
    let release!: () => void;
    handler.held = new Promise<void>((r) => (release = r));
    try {
      await append(5);
      await waitUntil(async () => (await engine.readiness(3)).details.lagging.length > 0, { timeoutMs: 10_000, what: 'the lag seen' });
      const held = await engine.readiness(3);
      expect(held).toMatchObject({ ok: false, details: { lagging: ['reactor:controllable'], failing: [] } });
      expect(held.details.lag['reactor:controllable']).toBeGreaterThan(3);
      expect((await engine.readiness(5)).ok).toBe(true);
    } finally {
      handler.held = null;
      release();
    }
    await engine.get('reactor:controllable')!.caughtUp(10_000);
    expect((await engine.readiness(3)).ok).toBe(true);
  });
});
