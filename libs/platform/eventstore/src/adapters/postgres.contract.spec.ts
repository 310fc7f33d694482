import { randomUUID } from 'node:crypto';
import { dropSchema, PostgresPool, ensureSchema } from '@luotsi/database';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { eventStoreContract } from '../testing/contract';
import { PostgresEventStore } from './postgres-event-store';

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
