import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { dropSchema, ensureSchema, PostgresPool } from '@luotsi/database';
import { PostgresEventStore } from '@luotsi/eventstore';
import { deadLetterTopicOf } from '@luotsi/contracts';
import {
  describeWithKafka,
  requireInfra,
  startTsProcess,
  testKafkaBrokers,
  testKafkaTopicPrefix,
  testPostgresUrl,
  waitUntil,
  type RunningProcess,
} from '@luotsi/testing';
import { prefixedTopic } from '../kafka/kafka-client';

const FIXTURES = 'libs/platform/messaging/src/e2e/fixtures';

/**
 * Three processes: this test appends to the PostgreSQL event store, a relay process publishes to
 * the real Kafka broker, and a consumer process (NestJS Kafka transport) keeps a read model.
 */
describeWithKafka()('relay → Kafka → consumer across processes', () => {
  const url = testPostgresUrl()!;
  const brokers = testKafkaBrokers()!;
  const context = `e2e-probe-${randomUUID().slice(0, 8)}`;
  const schema = `e2e_${context.replace(/-/g, '_')}`;
  // The processes put the run's prefix before every topic; the code and the headers name topics without it.
  const prefix = testKafkaTopicPrefix();
  const env = {
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    PROBE_CONTEXT: context,
  };
  let pool: PostgresPool;
  let store: PostgresEventStore;
  let consumer: RunningProcess;
  let relay: RunningProcess | undefined;
  let replicas: RunningProcess[] = [];

  beforeAll(async () => {
    await ensureSchema(url, schema);
    pool = new PostgresPool({ url, schema });
    store = await PostgresEventStore.open(pool);
    consumer = startTsProcess(`${FIXTURES}/probe-consumer.ts`, env);
    await consumer.waitFor(/consumer listening/, 90_000);
  }, 120_000);

  afterAll(async () => {
    await relay?.kill();
    for (const r of replicas) await r.kill();
    await consumer?.kill();
    await store?.close();
    await pool?.end();
    await dropSchema(url, schema);
  }, 60_000);

  const totals = async () => {
    const { rows } = await pool.query<{ events: string; total: string; streams: string }>(
      'SELECT coalesce(sum(events), 0) AS events, coalesce(sum(total), 0) AS total, count(*) AS streams FROM probe_totals',
    );
    return { events: Number(rows[0]!.events), total: Number(rows[0]!.total) };
  };
  const checkpoint = async () => {
    const { rows } = await pool.query<{ position: string }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [
      `relay:${context}`,
    ]);
    return rows[0] ? Number(rows[0].position) : 0;
  };

  it('delivers every event exactly once into the read model although the relay is killed mid-stream', async () => {
    const streams = 40;
    const perStream = 50;
    let expectedTotal = 0;
    for (let s = 0; s < streams; s++) {
      const events = Array.from({ length: perStream }, (_, i) => {
        const value = s * 1000 + i;
        expectedTotal += value;
        return { eventId: randomUUID(), type: 'ProbeRecorded', data: { value }, metadata: { correlationId: `c-${s}` } };
      });
      await store.append(`probe-${s}`, events, { expectedRevision: 'no_stream' });
    }
    const total = streams * perStream;
    const lastPosition = (await store.readAll({ after: 0, maxCount: 100_000 })).at(-1)!.globalPosition;

    relay = startTsProcess(`${FIXTURES}/probe-relay.ts`, { ...env, PROBE_BATCH_SIZE: '25', PROBE_PUBLISH_DELAY_MS: '15' });
    await relay.waitFor(/relay started/);
    // Kill it hard once it has made some progress, but long before it is done.
    const progressed = await waitUntil(
      async () => {
        const cp = await checkpoint();
        return cp >= 200 ? cp : 0;
      },
      { timeoutMs: 60_000, intervalMs: 5, what: 'relay progress' },
    );
    await relay.kill('SIGKILL');
    const atCrash = await checkpoint();
    expect(progressed).toBeLessThan(lastPosition);
    expect(atCrash).toBeLessThan(lastPosition);

    relay = startTsProcess(`${FIXTURES}/probe-relay.ts`, { ...env, PROBE_BATCH_SIZE: '200' });
    await relay.waitFor(new RegExp(`relay started at ${atCrash}\\b`));
    await waitUntil(async () => (await totals()).events === total, { timeoutMs: 90_000, what: `${total} events in the read model` });
    await waitUntil(async () => (await checkpoint()) === lastPosition, {
      timeoutMs: 30_000,
      what: 'the relay checkpoint at the last position',
    });

    // Let any re-published duplicates arrive, then check nothing was applied twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await totals()).toEqual({ events: total, total: expectedTotal });
    const processed = await pool.query<{ n: string }>("SELECT count(*) AS n FROM processed_events WHERE consumer = 'probe-totals'");
    expect(Number(processed.rows[0]!.n)).toBe(total);

    // A third-party client reads the topic: keys are stream ids, CloudEvents attributes are headers.
    const kcat = spawnSync(
      'kcat',
      ['-C', '-b', brokers[0]!, '-t', prefixedTopic(prefix, `luotsi.${context}.v1`), '-e', '-q', '-c', '5', '-f', '%k\t%h\t%s\n'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (kcat.error && !requireInfra()) return; // kcat is optional outside CI
    if (kcat.error) throw new Error(`kcat could not run (${kcat.error.message}); CI installs it with infra/kafka/ensure-kcat.sh`);
    const lines = kcat.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      const [key, headers, value] = line.split('\t');
      const event = JSON.parse(value!);
      expect(key).toBe(event.subject);
      // Structured mode only (docs/adr/0010): the value is the whole event, no ce_* header beside it.
      expect(event.type).toBe(`fi.luotsi.${context}.probe-recorded.v1`);
      expect(headers).toBe('content-type=application/cloudevents+json; charset=UTF-8');
    }
  }, 240_000);

  it('runs one relay of two replicas at a time, and the other takes over when the leader is killed', async () => {
    await relay?.kill();
    relay = undefined;
    const before = await totals();
    let added = 0;
    for (let s = 0; s < 20; s++) {
      const events = Array.from({ length: 50 }, (_, i) => ({
        eventId: randomUUID(),
        type: 'ProbeRecorded',
        data: { value: 100_000 + s * 100 + i },
      }));
      added += events.reduce((n, e) => n + e.data.value, 0);
      await store.append(`probe-replicas-${s}`, events, { expectedRevision: 'no_stream' });
    }
    const lastPosition = await store.headPosition({ categories: ['probe'] });
    const slow = { ...env, PROBE_BATCH_SIZE: '25', PROBE_PUBLISH_DELAY_MS: '15' };
    replicas = [startTsProcess(`${FIXTURES}/probe-relay.ts`, slow), startTsProcess(`${FIXTURES}/probe-relay.ts`, slow)];
    await Promise.all(replicas.map((r) => r.waitFor(/relay started/)));
    const leading = (r: RunningProcess) => /relaying as the leader/.test(r.output());
    const leader = await waitUntil(() => replicas.find(leading), { timeoutMs: 30_000, what: 'a leader' });
    const follower = replicas.find((r) => r !== leader)!;
    const start = await checkpoint();
    await waitUntil(async () => (await checkpoint()) > start, { timeoutMs: 60_000, intervalMs: 5, what: 'relay progress' });
    expect(leading(follower)).toBe(false);
    await leader.kill('SIGKILL');
    expect(await checkpoint()).toBeLessThan(lastPosition);

    await follower.waitFor(/relaying as the leader/, 30_000);
    await waitUntil(async () => (await checkpoint()) === lastPosition, { timeoutMs: 90_000, what: 'the follower to relay the rest' });
    await waitUntil(async () => (await totals()).events === before.events + 1000, {
      timeoutMs: 60_000,
      what: 'every event in the read model',
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await totals()).toEqual({ events: before.events + 1000, total: before.total + added });
  }, 240_000);

  it('sends an event its handler keeps failing on to the dead-letter topic and goes on past it', async () => {
    const before = await totals();
    const poisonId = randomUUID();
    await store.append(
      'probe-poison',
      [
        { eventId: randomUUID(), type: 'ProbeRecorded', data: { value: 1 } },
        { eventId: poisonId, type: 'ProbeRecorded', data: { value: 2, poison: true } },
        { eventId: randomUUID(), type: 'ProbeRecorded', data: { value: 3 } },
      ],
      { expectedRevision: 'no_stream' },
    );

    await waitUntil(async () => (await totals()).events === before.events + 2, { timeoutMs: 60_000, what: 'the two good events applied' });
    expect((await totals()).total).toBe(before.total + 4);

    const kafka = new Kafka({ brokers, clientId: 'dlq-reader', logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: prefixedTopic(prefix, deadLetterTopicOf(context)), fromBeginning: true });
    const dead: Array<{ id: string; headers: Record<string, string> }> = [];
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        dead.push({ id: JSON.parse(message.value!.toString()).id, headers });
      },
    });
    await waitUntil(() => dead.length >= 1, { timeoutMs: 30_000, what: 'a dead letter' });
    await reader.disconnect();
    expect(dead.map((d) => d.id)).toEqual([poisonId]);
    expect(dead[0]!.headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      luotsi_consumer: 'probe-totals',
      luotsi_attempts: '3',
      luotsi_original_topic: `luotsi.${context}.v1`,
    });
    expect(dead[0]!.headers['luotsi_error']).toContain('poison value 2');
  }, 120_000);
});
