import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, migrate, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { SubscriptionCheckpoints } from '@luotsi/messaging';
import { BILLING_MIGRATIONS } from '@luotsi/billing-service';

/** A schema of its own with an event store, billing's read models and the subscription checkpoints. */
export interface BillingSchema {
  schema: string;
  pool: PostgresPool;
  store: PostgresEventStore;
  checkpoints: SubscriptionCheckpoints;
  /** Closes the store and the pool, then drops the schema. */
  close(): Promise<void>;
}

/**
 * What the billing, rebuild and national benches write billing's log into and rebuild its read
 * models in: a new schema `<prefix>_<random>`, so runs never share tables.
 */
export async function openBillingSchema(url: string, prefix: string): Promise<BillingSchema> {
  const schema = `${prefix}_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 8 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  await migrate(pool, 'billing', BILLING_MIGRATIONS);
  const checkpoints = await SubscriptionCheckpoints.open(pool);
  return {
    schema,
    pool,
    store,
    checkpoints,
    async close() {
      await store.close();
      await pool.end();
      await dropSchema(url, schema);
    },
  };
}
