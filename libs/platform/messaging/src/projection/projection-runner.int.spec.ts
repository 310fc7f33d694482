import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropSchema, ensureSchema, migrate, openDataSource, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { PROJECTION_CHECKPOINT_MIGRATIONS, ProjectionRunner, type Projection } from './projection-runner';

/** Writes one row per event, with no unique key: an event applied twice shows as two rows. */
const seen: Projection = {
  name: 'seen',
  categories: ['thing'],
  apply: async (em, event) => void (await em.query('INSERT INTO seen (position, type) VALUES ($1, $2)', [event.globalPosition, event.type])),
};

/** One service replica: its own pool, event store (with LISTEN) and data source on the shared schema. */
async function replica(url: string, schema: string) {
  const pool = new PostgresPool({ url, schema, max: 4 });
  const store = await PostgresEventStore.open(pool, { idlePollMs: 50 });
  const dataSource = await openDataSource(pool, []);
  const runner = new ProjectionRunner(store, dataSource, seen);
  return { pool, store, dataSource, runner, close: async () => (await runner.stop(), await dataSource.destroy(), await store.close(), await pool.end()) };
}

describeWithPostgres()('ProjectionRunner on PostgreSQL', () => {
  const url = testPostgresUrl()!;
  let schema: string;
  let replicas: Array<Awaited<ReturnType<typeof replica>>>;
  let db: DataSource;
  const count = async () => Number(((await db.query('SELECT count(*) AS n, count(DISTINCT position) AS d FROM seen')) as Array<{ n: string; d: string }>)[0]!.n);
  const distinct = async () => Number(((await db.query('SELECT count(DISTINCT position) AS d FROM seen')) as Array<{ d: string }>)[0]!.d);
  const append = (n: number) =>
    replicas[0]!.store.appendMany(Array.from({ length: n }, (_, i) => ({ streamId: `thing-${randomUUID()}`, events: [{ eventId: randomUUID(), type: `T${i % 7}`, data: {} }], expectedRevision: 'no_stream' as const })));

  beforeAll(async () => {
    schema = `pr_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await ensureSchema(url, schema);
    replicas = [await replica(url, schema), await replica(url, schema)];
    await migrate(replicas[0]!.pool, 'projections', PROJECTION_CHECKPOINT_MIGRATIONS);
    await replicas[0]!.pool.query('CREATE TABLE seen (position bigint NOT NULL, type text NOT NULL)');
    db = replicas[0]!.dataSource;
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await dropSchema(url, schema);
  });

  it('applies every event exactly once while two replicas run the same projection', async () => {
    await Promise.all(replicas.map((r) => r.runner.start()));
    for (let round = 0; round < 20; round++) await append(150);
    await Promise.all(replicas.map((r) => r.runner.caughtUp(30_000)));
    expect(await count()).toBe(3000);
    expect(await distinct()).toBe(3000);
    const head = await replicas[0]!.store.headPosition({ categories: ['thing'] });
    expect(replicas.map((r) => r.runner.checkpoint)).toEqual([head, head]);
  }, 60_000);

  it('starts over from the beginning when a rebuild deletes the rows and the checkpoint under it', async () => {
    await db.transaction(async (em) => {
      await em.query('DELETE FROM seen');
      await em.query(`DELETE FROM projection_checkpoints WHERE name = 'seen'`);
    });
    await append(10);
    await waitUntil(async () => (await count()) === 3010, { timeoutMs: 30_000, what: 'the rebuilt read model' });
    expect(await distinct()).toBe(3010);
  }, 60_000);
});
