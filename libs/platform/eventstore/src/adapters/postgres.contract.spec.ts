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
