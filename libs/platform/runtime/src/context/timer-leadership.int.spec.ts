import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, PostgresPool } from '@luotsi/database';
import type { CommandPipeline, EventStore } from '@luotsi/eventstore';
import { systemClock } from '@luotsi/kernel';
import { AdvisoryLockLeadership, SubscriptionEngine, type SubscriptionCheckpoints } from '@luotsi/messaging';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { createLogger } from '../logger';
import { RUNTIME_DEFAULTS, type RuntimeConfig } from '../runtime-config';
import { SubscriptionRuntime } from './subscription-runtime';

/** One replica's timers: its own pool, so its own advisory-lock session. */
function replica(url: string, schema: string) {
  const pool = new PostgresPool({ url, schema, max: 3 });
  const engine = new SubscriptionEngine({
    store: {} as EventStore,
    checkpoints: {} as SubscriptionCheckpoints,
    leadership: AdvisoryLockLeadership.for(pool, 50),
  });
  const runtime = new SubscriptionRuntime(engine, {} as CommandPipeline, null, systemClock, createLogger('timers', 'silent'), {
    ...RUNTIME_DEFAULTS,
  } as RuntimeConfig);
  const ticks = { n: 0 };
  runtime.addTimer({ name: 'due-changes', everyMs: 20, tick: async () => void (ticks.n += 1) });
  return { pool, runtime, ticks, stop: async () => (await runtime.beforeApplicationShutdown(), await pool.end()) };
}

describeWithPostgres()('timers on replicas', () => {
  const url = testPostgresUrl()!;
  const schema = `tl_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let replicas: ReturnType<typeof replica>[] = [];

  beforeAll(() => ensureSchema(url, schema));
  afterAll(async () => {
    for (const r of replicas) await r.stop().catch(() => undefined);
    await dropSchema(url, schema);
  });

  it('ticks on the leading replica only, and on the other once the leader stops', async () => {
    replicas = [replica(url, schema), replica(url, schema)];
    await Promise.all(replicas.map((r) => r.runtime.startAll()));
    await waitUntil(() => replicas.some((r) => r.ticks.n >= 5), { timeoutMs: 10_000, what: 'ticks' });
    await new Promise((r) => setTimeout(r, 300));
    const [leader, follower] = replicas[0]!.ticks.n > 0 ? [replicas[0]!, replicas[1]!] : [replicas[1]!, replicas[0]!];
    expect(follower.ticks.n).toBe(0);
    await leader.stop();
    replicas = [follower];
    await waitUntil(() => follower.ticks.n >= 3, { timeoutMs: 10_000, what: 'the follower ticking' });
  }, 30_000);
});
