import { randomUUID } from 'node:crypto';
import { dropSchema, PostgresPool, ensureSchema } from '@luotsi/database';
import { FixedClock } from '@luotsi/kernel';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { eventStoreContract } from '../testing/contract';
import { categoriesBatchSql, PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';

describeWithPostgres()('PostgreSQL server', () => {
  const url = testPostgresUrl()!;
  eventStoreContract('PostgreSQL (server)', async (clock) => {
    const schema = `es_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await ensureSchema(url, schema);
    let pool = new PostgresPool({ url, schema, max: 24 });
    let store = await PostgresEventStore.open(pool, { clock });
    return {
      store,
      reopen: async () => {
        await store.close();
        await pool.end();
        pool = new PostgresPool({ url, schema, max: 24 });
        store = await PostgresEventStore.open(pool, { clock });
        return store;
      },
      dispose: async () => {
        await store.close();
        await pool.end();
        await dropSchema(url, schema);
      },
    };
  });
});

describeWithPostgres()('PostgreSQL server: what only this adapter promises', () => {
  const url = testPostgresUrl()!;
  const schema = `es_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  let pool: PostgresPool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    await ensureSchema(url, schema);
    pool = new PostgresPool({ url, schema, max: 4 });
    store = await PostgresEventStore.open(pool, { listen: false });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropSchema(url, schema);
  });

  /** A store of its own in a schema beside this block's, on one session (so a SET holds for every statement), dropped after `run`. */
  async function withSideStore(
    suffix: string,
    options: PostgresEventStoreOptions,
    run: (side: PostgresEventStore, sidePool: PostgresPool) => Promise<void>,
  ): Promise<void> {
    const sideSchema = `${schema}_${suffix}`;
    await ensureSchema(url, sideSchema);
    const sidePool = new PostgresPool({ url, schema: sideSchema, max: 1 });
    const side = await PostgresEventStore.open(sidePool, { listen: false, ...options });
    try {
      await run(side, sidePool);
    } finally {
      await side.close();
      await sidePool.end();
      await dropSchema(url, sideSchema);
    }
  }

  // A common category whose events all lie before the cursor, another's after it, the table
  // analyzed (as autovacuum leaves a real log): with `category = $3 … ORDER BY global_position` the
  // planner walked the primary key from the cursor, filtering by category, and read the whole tail
  // for the first category's empty batch. Each category must be read in its own index range.
  it("reads a category's batch in the category index, not by walking the key, once the log has statistics", () =>
    withSideStore('plan', {}, async (planStore, planPool) => {
      await planPool.query(
        `INSERT INTO es_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
         SELECT i * 1024, c || '-' || i, c, 0, gen_random_uuid(), 'E', 1, '{}', '{}', now()
           FROM generate_series(1, 40000) i, LATERAL (SELECT CASE WHEN i <= 20000 THEN 'early' ELSE 'late' END AS c) k`,
      );
      await planPool.query('ANALYZE es_events');
      const { rows } = await planPool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${categoriesBatchSql(2)}`, [
        20_000 * 1024,
        500,
        'early',
        'late',
      ]);
      const indexes = JSON.stringify(rows[0]!['QUERY PLAN']).match(/"Index Name":"[^"]+"/g) ?? [];
      expect(indexes.length).toBeGreaterThan(0);
      expect(indexes.every((i) => i.includes('es_events_category_position'))).toBe(true);
      // And the batch itself: the late category's first 500, none of the early one.
      const batch = await planStore.readAll({ after: 20_000 * 1024, maxCount: 500, categories: ['early', 'late'] });
      expect(batch.map((e) => e.globalPosition)).toEqual(Array.from({ length: 500 }, (_, i) => (20_001 + i) * 1024));
      expect(await planStore.headPosition({ categories: ['early'] })).toBe(20_000 * 1024);
      expect(await planStore.countAfter(20_000 * 1024, { categories: ['early'], limit: 100 })).toBe(0);
    }));

  // Reads select recorded_at as its ISO string in UTC (EVENT_SELECT), whatever the session's time zone.
  it('gives back the recorded time to the millisecond in UTC, in a session of another time zone', () => {
    const at = '2026-06-01T21:30:35.204Z'; // 00:30 the next day in Helsinki
    return withSideStore('zone', { clock: new FixedClock(at) }, async (zoneStore, zonePool) => {
      // The pool's one session, which the store's reads share.
      await zonePool.query("SET TimeZone = 'Europe/Helsinki'");
      await zoneStore.append('zone-1', [{ eventId: randomUUID(), type: 'Zoned', data: {} }], { expectedRevision: 'no_stream' });
      expect((await zoneStore.readStream('zone-1'))[0]!.recordedAt).toBe(at);
      expect((await zoneStore.readAll())[0]!.recordedAt).toBe(at);
      expect((await zoneStore.readAll({ categories: ['zone'] }))[0]!.recordedAt).toBe(at);
    });
  });

  // Event ids are unique across the whole store here (EventStoreDB checks them per stream only).
  // In one appendMany the second use aborts the batch statement; each stream then goes alone.
  it('refuses a stream of a batch whose event ids another stream of it already used, and keeps the rest', async () => {
    const shared = { eventId: randomUUID(), type: 'Shared', data: {} };
    const other = { eventId: randomUUID(), type: 'Other', data: {} };
    const outcomes = await store.appendMany([
      { streamId: 'dup-1', events: [shared], expectedRevision: 'no_stream' },
      { streamId: 'dup-2', events: [shared], expectedRevision: 'no_stream' },
      { streamId: 'dup-3', events: [other], expectedRevision: 'no_stream' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'DUPLICATE_EVENT_ID' } });
    expect(await store.readStream('dup-2')).toEqual([]);
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['dup-1', 'dup-3']);
  });
});
