import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropSchema, ensureSchema, openDataSource, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { AdvisoryLockLeadership } from '../relay/leadership';
import { ProjectionHandler, type ProjectionDeclaration } from './handlers';
import { SubscriptionCheckpoints } from './subscription-checkpoints';
import { SubscriptionEngine } from './subscription-engine';

/** Writes one row per event, with no unique key: an event applied twice shows as two rows. */
const seen: ProjectionDeclaration = {
  name: 'seen',
  categories: ['thing'],
  apply: async (em, event) =>
    void (await em.query('INSERT INTO seen (position, type) VALUES ($1, $2)', [event.globalPosition, event.type])),
};

/** One service replica: its own pool, event store (with LISTEN), data source and engine on the shared schema. */
async function replica(url: string, schema: string) {
  const pool = new PostgresPool({ url, schema, max: 4 });
  const store = await PostgresEventStore.open(pool, { idlePollMs: 50 });
  const dataSource = await openDataSource(pool, []);
  const engine = new SubscriptionEngine({
    store,
    checkpoints: await SubscriptionCheckpoints.open(pool),
    leadership: new AdvisoryLockLeadership(pool, 100),
    retryMs: 100,
  });
  const runner = engine.add(new ProjectionHandler(seen, dataSource));
  return {
    pool,
    store,
    dataSource,
    engine,
    runner,
    close: async () => (await engine.stopAll(), await dataSource.destroy(), await store.close(), await pool.end()),
  };
}

describeWithPostgres()('SubscriptionEngine projections on PostgreSQL', () => {
  const url = testPostgresUrl()!;
  let schema: string;
  let replicas: Array<Awaited<ReturnType<typeof replica>>>;
  let db: DataSource;
  const count = async () => Number(((await db.query('SELECT count(*) AS n FROM seen')) as Array<{ n: string }>)[0]!.n);
  const distinct = async () => Number(((await db.query('SELECT count(DISTINCT position) AS d FROM seen')) as Array<{ d: string }>)[0]!.d);
  const append = (n: number) =>
    replicas[0]!.store.appendMany(
      Array.from({ length: n }, (_, i) => ({
        streamId: `thing-${randomUUID()}`,
        events: [{ eventId: randomUUID(), type: `T${i % 7}`, data: {} }],
        expectedRevision: 'no_stream' as const,
      })),
    );

  beforeAll(async () => {
    schema = `se_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await ensureSchema(url, schema);
    const setup = new PostgresPool({ url, schema, max: 1 });
    await setup.query('CREATE TABLE seen (position bigint NOT NULL, type text NOT NULL)');
    // A database of the loop before the engine: the projection was at 0 in its old table, a relay elsewhere.
    await setup.query(
      'CREATE TABLE projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())',
    );
    await setup.query(`INSERT INTO projection_checkpoints (name, position) VALUES ('seen', 0), ('other', 42)`);
    await setup.end();
    replicas = [await replica(url, schema), await replica(url, schema)];
    db = replicas[0]!.dataSource;
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await dropSchema(url, schema);
  });

  it('applies every event exactly once while two replicas run the same projection', async () => {
    await Promise.all(replicas.map((r) => r.engine.startAll()));
    for (let round = 0; round < 20; round++) await append(150);
    await Promise.all(replicas.map((r) => r.runner.caughtUp(30_000)));
    expect(await count()).toBe(3000);
    expect(await distinct()).toBe(3000);
    const head = await replicas[0]!.store.headPosition({ categories: ['thing'] });
    expect(replicas.map((r) => r.runner.position)).toEqual([head, head]);
    expect(replicas.filter((r) => r.runner.leading)).toHaveLength(1);
  }, 60_000);

  it('starts over from the beginning when a rebuild deletes the rows and the checkpoint under it', async () => {
    await db.transaction(async (em) => {
      await em.query('DELETE FROM seen');
      await em.query(`DELETE FROM subscription_checkpoints WHERE name = 'seen'`);
    });
    await append(10);
    await waitUntil(async () => (await count()) === 3010, { timeoutMs: 30_000, what: 'the rebuilt read model' });
    expect(await distinct()).toBe(3010);
  }, 60_000);

  it('hands over to the other replica when the leader stops', async () => {
    const leader = replicas.find((r) => r.runner.leading)!;
    const follower = replicas.find((r) => r !== leader)!;
    await leader.engine.stopAll();
    await append(25);
    await waitUntil(async () => (await count()) === 3035, { timeoutMs: 30_000, what: 'the follower to take over' });
    expect(follower.runner.leading).toBe(true);
    expect(await distinct()).toBe(3035);
    const status = await follower.engine.subscriptionsWithin(0);
    expect(status.ok).toBe(true);
  }, 60_000);

  it('took the old checkpoint table rows of its own name over, and left the others', async () => {
    const rows = (await db.query('SELECT name FROM projection_checkpoints ORDER BY name')) as Array<{ name: string }>;
    expect(rows.map((r) => r.name)).toEqual(['other']);
  });
});
