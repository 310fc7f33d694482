import { randomUUID } from 'node:crypto';
import { PostgresPool, ensureSchema, dropSchema } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
(async () => {
  const url = 'postgres://postgres@127.0.0.1:5432/luotsi_test';
  const schema = 'tperf';
  await dropSchema(url, schema); await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, applicationName: 'x' });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const batch = () => Array.from({ length: 256 }, () => ({ streamId: `listing-${randomUUID()}`, events: [1, 2].map(() => ({ eventId: randomUUID(), type: 'A', data: { x: 1 } })), expectedRevision: 'no_stream' as const }));
  for (let round = 0; round < 300; round++) {
    const t0 = performance.now();
    const out = await store.appendMany(batch());
    if (round % 25 === 0) console.log(round, Math.round(performance.now() - t0), 'ms', out.every((o) => o.ok));
  }
  const t0 = performance.now();
  await Promise.all(batch().map((a) => store.append(a.streamId, a.events, { expectedRevision: 'no_stream' })));
  console.log('256 single appends', Math.round(performance.now() - t0));
  await pool.end();
})();
