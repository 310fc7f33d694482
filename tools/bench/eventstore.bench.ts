import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { dropSchema, ensureSchema, PglitePool, PostgresPool } from '@luotsi/database';
import { PostgresEventStore, type NewEvent } from '@luotsi/eventstore';
import { createKafka, ensureTopics, InMemoryCheckpointStore, KafkaPublisher, Relay } from '@luotsi/messaging';
import { topicOf, type ContextContract } from '@luotsi/contracts';
import { fmt, liveRows, measure, type Row } from './measure';

const event = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'BenchRecorded',
  data: { i, note: 'a benchmark event with a little payload' },
});

/**
 * Event-store benchmarks on the same PostgreSQL server as their baseline, measured in the same run:
 * the adapter's appends against raw single-row INSERTs (one transaction each, like an append).
 */
export async function eventStoreBench(url: string, kafkaBrokers: string[] | undefined, scale: number): Promise<Row[]> {
  const rows = liveRows('eventstore');
  const schema = `bench_es_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 16 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const raw = new Pool({ connectionString: url, max: 16, options: `-c search_path=${schema}` });
  // The baseline writes the same rows into a table of the same shape (columns, defaults, indexes).
  await raw.query('CREATE TABLE raw_events (LIKE es_events INCLUDING ALL)');
  try {
    let rawRevision = 0;
    for (const concurrency of [1, 8]) {
      const n = Math.round((concurrency === 1 ? 2000 : 6000) * scale);
      for (const perAppend of [1, 10]) {
        const baseline = await measure(n, concurrency, (i) => {
          const params: unknown[] = [];
          const values = Array.from({ length: perAppend }, (_, k) => {
            params.push(`raw-${i}`, rawRevision++, randomUUID(), JSON.stringify({ i, k, note: 'a benchmark event with a little payload' }));
            const b = params.length - 4;
            return `((pg_current_xact_id()::text::bigint << 10) + ${k}, $${b + 1}, 'raw', $${b + 2}, $${b + 3}::uuid, 'BenchRecorded', 1, $${b + 4}::jsonb, '{}'::jsonb, now())`;
          });
          return raw.query(
            `INSERT INTO raw_events (global_position, stream_id, category, revision, event_id, event_type, schema_version, data, metadata, recorded_at) VALUES ${values.join(', ')}`,
            params,
          );
        });
        const streams = new Map<number, number>();
        const result = await measure(n, concurrency, async (i) => {
          // each worker writes its own streams, as commands for different people do
          const key = (i % (concurrency * 50)) + perAppend * 100_000 + concurrency * 1_000_000;
          const revision = streams.get(key);
          const r = await store.append(
            `bench-${key}`,
            Array.from({ length: perAppend }, (_, k) => event(i * perAppend + k)),
            { expectedRevision: revision === undefined ? 'no_stream' : revision },
          );
          streams.set(key, r.nextExpectedRevision);
        });
        const ratio = result.perSecond / baseline.perSecond;
        rows.push({
          name: `PostgreSQL append, ${concurrency} writer${concurrency > 1 ? 's' : ''}, ${perAppend} event${perAppend > 1 ? 's' : ''}/append`,
          value: `${fmt(result.perSecond)} appends/s (${fmt(result.perSecond * perAppend)} events/s), p50 ${fmt(result.p50ms, 2)} ms, p99 ${fmt(result.p99ms, 2)} ms`,
          baseline: `plain INSERT of the same ${perAppend} row${perAppend > 1 ? 's' : ''} ×${concurrency}: ${fmt(baseline.perSecond)}/s, p50 ${fmt(baseline.p50ms, 2)} ms, p99 ${fmt(baseline.p99ms, 2)} ms`,
          ratio: `${fmt(ratio * 100)} %`,
          target: '≥ 50 % of the plain INSERT rate',
          verdict: ratio >= 0.5 ? 'met' : 'NOT met',
        });
      }
    }

    // catch-up: read everything written so far from position 0
    const total = (await store.readAll({ after: 0, maxCount: 1 })).length
      ? Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0]!.n)
      : 0;
    const abort = new AbortController();
    let seen = 0;
    const t0 = process.hrtime.bigint();
    for await (const batch of store.subscribe({ after: 0, maxCount: 2000, signal: abort.signal })) {
      seen += batch.length;
      if (seen >= total) abort.abort();
    }
    const catchUpSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const catchUp = seen / catchUpSeconds;
    rows.push({
      name: `subscription catch-up over ${fmt(seen)} events`,
      value: `${fmt(catchUp)} events/s`,
      target: '≥ 20 000 events/s',
      verdict: catchUp >= 20_000 ? 'met' : 'NOT met',
    });

    if (kafkaBrokers) {
      const context = `bench-${randomUUID().slice(0, 8)}`;
      const contract: ContextContract = {
        context,
        categories: ['bench'],
        partitions: 6,
        retentionMs: 3_600_000,
        events: [{ domainType: 'BenchRecorded', name: 'bench-recorded', version: 1, summary: 'bench', schema: {}, example: {} }],
      };
      const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'luotsi-bench' });
      await ensureTopics(kafka, [{ topic: topicOf(context), partitions: 6 }]);
      const publisher = await KafkaPublisher.connect(kafka);
      const checkpoints = new InMemoryCheckpointStore();
      const relay = new Relay({ contract, store, publisher, checkpoints, batchSize: 2000 });
      const r0 = process.hrtime.bigint();
      await relay.start();
      while (relay.position < (await lastPosition(pool))) await new Promise((r) => setTimeout(r, 20));
      const relaySeconds = Number(process.hrtime.bigint() - r0) / 1e9;
      await relay.stop();
      await publisher.close();
      const relayed = seen / relaySeconds;
      rows.push({
        name: `relay to the local Kafka broker (acks=all, idempotent), ${fmt(seen)} events`,
        value: `${fmt(relayed)} events/s`,
        target: '≥ 10 000 events/s',
        verdict: relayed >= 10_000 ? 'met' : 'NOT met',
      });
    }
  } finally {
    await store.close();
    await pool.end();
    await raw.end();
    await dropSchema(url, schema);
  }

  // PGlite, embedded: one session, so one writer
  const lite = await PglitePool.open();
  const liteStore = await PostgresEventStore.open(lite);
  const revisions = new Map<number, number>();
  const pg = await measure(Math.round(3000 * scale), 1, async (i) => {
    const key = i % 100;
    const r = await liteStore.append(`bench-${key}`, [event(i)], {
      expectedRevision: revisions.has(key) ? revisions.get(key)! : 'no_stream',
    });
    revisions.set(key, r.nextExpectedRevision);
  });
  rows.push({
    name: 'PGlite append (embedded), 1 event/append',
    value: `${fmt(pg.perSecond)} appends/s, p50 ${fmt(pg.p50ms, 2)} ms, p99 ${fmt(pg.p99ms, 2)} ms`,
    target: 'reported',
  });
  await liteStore.close();
  await lite.end();
  return rows;
}

async function lastPosition(pool: PostgresPool): Promise<number> {
  const { rows } = await pool.query<{ p: string | null }>('SELECT max(global_position) AS p FROM es_events');
  return Number(rows[0]?.p ?? 0);
}
