import { openDataSource } from '@luotsi/database';
import type { EventStore, PostgresEventStore, RecordedEvent, SubscribeOptions } from '@luotsi/eventstore';
import { ProjectionHandler, SubscriptionEngine } from '@luotsi/messaging';
import { billingProjection } from '@luotsi/billing-service';
import { writeBillingLog } from './billing.bench';
import { openBillingSchema } from './billing-schema';
import { fmt, liveRows, type Row } from './measure';

/**
 * What reading the next batch ahead buys a rebuild: billing's projection over the billing bench's
 * log (500 000 listings, 1 000 000 services at scale 1), rebuilt from an emptied read model with
 * the store's catch-up (a full batch's successor is read while it is applied) and with the loop it
 * replaced (read, apply, read again) as the baseline, interleaved over three rounds on the same
 * tables. Only the subscription loop differs between the two.
 */
export async function rebuildBench(url: string, scale: number): Promise<Row[]> {
  const rows = liveRows('rebuild');
  const clients = Math.round(500_000 * scale);
  const services = Math.round(1_000_000 * scale);
  const billing = await openBillingSchema(url, 'bench_rb');
  const { schema, pool, store, checkpoints } = billing;
  const dataSource = await openDataSource(pool, []);
  try {
    const { total, last } = await writeBillingLog(pool, clients, services);
    await pool.query('ANALYZE');
    const readModels = (
      await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'bl\\_%'`, [schema])
    ).rows.map((r) => `"${r.t}"`);
    const alternating = Object.create(store, { subscribe: { value: (o: SubscribeOptions) => readThenApply(store, o) } }) as EventStore;
    const runs = { 'read-ahead': [] as number[], alternating: [] as number[] };
    for (const round of [1, 2, 3]) {
      for (const mode of round % 2 === 1 ? (['alternating', 'read-ahead'] as const) : (['read-ahead', 'alternating'] as const)) {
        await pool.query(`TRUNCATE ${readModels.join(', ')}`);
        await pool.query('DELETE FROM subscription_checkpoints');
        const engine = new SubscriptionEngine({ store: mode === 'alternating' ? alternating : store, checkpoints });
        const projection = engine.add(new ProjectionHandler(billingProjection, dataSource));
        const t0 = Date.now();
        await engine.startAll();
        await projection.waitFor(last, 3_600_000);
        runs[mode].push(total / ((Date.now() - t0) / 1000));
        await engine.stopAll();
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const span = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    rows.push({
      name: `rebuild of billing's read models from the log (${fmt(total)} events), the next batch read while one is applied; median of 3 (min–max)`,
      value: `${fmt(median(runs['read-ahead']))} events/s (${span(runs['read-ahead'])})`,
      baseline: `read, then applied, then the next read: ${fmt(median(runs.alternating))} events/s (${span(runs.alternating)})`,
      ratio: `${fmt(median(runs['read-ahead']) / median(runs.alternating), 2)} ×`,
      target: 'reported',
    });
    return rows;
  } finally {
    await dataSource.destroy();
    await billing.close();
  }
}

/** The catch-up loop before read-ahead (the baseline): read a batch, hand it over, then read the next. */
async function* readThenApply(store: PostgresEventStore, options: SubscribeOptions): AsyncGenerator<RecordedEvent[]> {
  let after = options.after ?? 0;
  const maxCount = options.maxCount ?? 500;
  while (!options.signal?.aborted) {
    const batch = await store.readAll({ after, maxCount, ...(options.categories ? { categories: options.categories } : {}) });
    if (batch.length > 0) {
      after = batch[batch.length - 1]!.globalPosition;
      yield batch;
      continue;
    }
    await store.appended.wait(200, options.signal);
  }
}
