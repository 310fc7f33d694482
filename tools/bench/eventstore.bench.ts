import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { dropSchema, ensureSchema, PglitePool, PostgresPool, sessionOptions } from '@luotsi/database';
import { PostgresEventStore, type NewEvent } from '@luotsi/eventstore';
import { createKafka, ensureTopics, InMemoryCheckpointStore, KafkaPublisher, Relay } from '@luotsi/messaging';
import { topicOf, type ContextContract } from '@luotsi/contracts';
import { fmt, liveRows, measure, type Row } from './measure';
import { BENCH_DATA_BYTES, benchEvents, FloorInsert, OurStore } from './eventstore-contenders';
import { appendCases, appendRows, runAppendCase } from './eventstore-appends';
import { catchUpRows, tailingRows } from './eventstore-reads';
import { PeerStore } from './eventstore-peer';

const event = (i: number): NewEvent => ({ eventId: randomUUID(), type: 'BenchRecorded', data: benchEvents(i, 1)[0]!.data });

const ROUNDS = 5;

/**
 * Event-store benchmarks on one PostgreSQL server, each beside its floor measured in the same run:
 * appends against a plain INSERT of the same rows (prepared and not) and a peer store (Emmett),
 * rounds interleaved; catch-up against a plain indexed read; the tailing-reader check for both
 * stores; the relay; PGlite.
 */
export async function eventStoreBench(url: string, kafkaBrokers: string[] | undefined, scale: number): Promise<Row[]> {
  const rows = liveRows('eventstore');
  const schema = `bench_es_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 16 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const raw = new Pool({ connectionString: url, max: 16, options: sessionOptions(schema) });
  // The floors write the same rows into tables of the same shape (columns, defaults, indexes).
  await raw.query('CREATE TABLE floor_prepared (LIKE es_events INCLUDING ALL)');
  await raw.query('CREATE TABLE floor_unprepared (LIKE es_events INCLUDING ALL)');
  const peerSchema = `bench_emt_${randomUUID().slice(0, 8)}`;
  await ensureSchema(url, peerSchema);
  const peer = await PeerStore.open(url, peerSchema, 16);
  try {
    const ours = new OurStore(store);
    const prepared = new FloorInsert(raw, 'floor_prepared', true);
    const unprepared = new FloorInsert(raw, 'floor_unprepared', false);
    const labels = { ours: ours.label, peer: peer.label, prepared: prepared.label, unprepared: unprepared.label };
    process.stderr.write(`[bench eventstore] event data ${BENCH_DATA_BYTES} bytes of JSON\n`);
    for (const c of appendCases(scale)) {
      const measured = await runAppendCase([ours, peer, prepared, unprepared], c, ROUNDS);
      rows.push(...appendRows(c, measured, labels));
    }

    rows.push(...(await catchUpRows(store, raw, peer, ROUNDS, Math.round(20_000 * scale))));
    const seen = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0]!.n);

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
    await peer.close();
    await dropSchema(url, schema);
    await dropSchema(url, peerSchema);
  }
  rows.push(...(await tailingRows(url, 20, 500)));

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
