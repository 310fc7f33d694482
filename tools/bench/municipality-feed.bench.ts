import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { Pool } from 'pg';
import { dropSchema, ensureSchema, migrate, PostgresPool } from '@luotsi/database';
import { PostgresEventStore, type NewEvent } from '@luotsi/eventstore';
import { cloudEventHeaders, deadLetterTopicOf, topicOf, type CloudEvent, type ContextContract } from '@luotsi/contracts';
import {
  createKafka,
  ensureTopics,
  InMemoryCheckpointStore,
  KafkaPublisher,
  Relay,
  SubscriptionCheckpoints,
  SUBSCRIPTION_CHECKPOINT_MIGRATIONS,
} from '@luotsi/messaging';
import { PlatformModule, SQL_POOL, type RuntimeConfig, type ServiceDefinition } from '@luotsi/runtime';
import { startTestApp } from '@luotsi/runtime/testing';
import type { SqlPool } from '@luotsi/database';
import { INBOUND, INBOUND_CONTEXTS, type InboundEvent } from '@luotsi/municipality-feed-domain';
import { feedStreamOf, toMunicipalityCloudEvent } from '@luotsi/municipality-feed-contracts';
import { FEED_MIGRATIONS, FeedGateway, FeedRouter, MunicipalityFeedModule } from '@luotsi/municipality-feed-service';
import { Mirror } from '../municipality-consumer/mirror';
import { fmt, type Row } from './measure';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Provider choice's public events for `people` residents: registered and listed, in two municipalities. */
function inbound(people: number, run: string): InboundEvent[] {
  const out: InboundEvent[] = [];
  for (let i = 0; i < people; i++) {
    const personRef = `${run}-p${i}`;
    const municipalityCode = i % 2 ? '837' : '091';
    out.push({
      id: randomUUID(),
      type: INBOUND.residentRegistered,
      subject: `listing-${personRef}`,
      time: '2027-01-01T00:00:00Z',
      data: {
        personRef,
        birthDate: '1950-03-15',
        sex: 'female',
        postalCode: '33710',
        municipalityCode,
        residentFrom: '2018-01-01',
        eligible: true,
      },
    });
    out.push({
      id: randomUUID(),
      type: INBOUND.listingStarted,
      subject: `listing-${personRef}`,
      time: '2027-01-01T00:00:00Z',
      data: {
        personRef,
        stationId: 'hervanta',
        providerId: 'tampere',
        effectiveFrom: '2027-01-01',
        reason: 'default',
        requestId: null,
        birthDate: '1950-03-15',
        sex: 'female',
        postalCode: '33710',
        municipalityCode,
      },
    });
  }
  return out;
}

@Module({})
class FeedOnly {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: FeedOnly, imports: [PlatformModule.forRoot(config), MunicipalityFeedModule] };
  }
}

/**
 * The router as the service runs it: the feed's Nest application with its Kafka consumer (the
 * platform's PrefixedKafkaServer, eachBatch) over provider choice's topic of 6 partitions, the
 * events produced there beforehand as its gateway would. Timed from the first event routed to the
 * last (the consumer group's join, a few seconds of the broker's, is left out), by mf_processed.
 */
async function routerThroughKafka(url: string, brokers: string[], events: readonly InboundEvent[], run: string): Promise<number> {
  const prefix = `bench-feedsvc-${run}`;
  const kafka = createKafka({ brokers, clientId: 'luotsi-bench-feed-service' });
  // Every topic the feed subscribes to must exist (the consumer does not create topics).
  await ensureTopics(
    kafka,
    INBOUND_CONTEXTS.flatMap((c) => [
      { topic: topicOf(c), partitions: 6 },
      { topic: deadLetterTopicOf(c), partitions: 1 },
    ]),
    prefix,
  );
  const publisher = await KafkaPublisher.connect(kafka, { topicPrefix: prefix });
  const topic = topicOf('provider-choice');
  for (let i = 0; i < events.length; i += 1000)
    await publisher.publish(
      events.slice(i, i + 1000).map((e) => ({
        topic,
        key: e.subject,
        headers: cloudEventHeaders(),
        value: { specversion: '1.0', source: '/luotsi/provider-choice', datacontenttype: 'application/json', ...e } as CloudEvent,
      })),
    );
  await publisher.close();
  const definition: ServiceDefinition = {
    service: 'municipality-feed',
    title: 'feed',
    description: 'the feed alone',
    module: (config) => FeedOnly.forRoot(config),
    consumes: [],
  };
  const t = await startTestApp(definition, 'postgres', {
    postgresUrl: url,
    config: { kafkaBrokers: brokers, kafkaTopicPrefix: prefix, logLevel: 'error' },
  });
  try {
    const pool = t.app.get<SqlPool>(SQL_POOL);
    const processed = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM mf_processed')).rows[0]!.n);
    const deadline = Date.now() + 300_000;
    let first = 0;
    let t0 = process.hrtime.bigint();
    for (;;) {
      const n = await processed();
      if (first === 0 && n > 0) {
        first = n;
        t0 = process.hrtime.bigint();
      }
      if (n >= events.length) return (events.length - first) / seconds(t0);
      if (Date.now() > deadline) throw new Error(`router through Kafka: ${n} of ${events.length} routed after 300 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await t.close();
  }
}

/**
 * The municipalities' feed: the router (contexts' public events → feeds) beside the platform's
 * relay and the feed's own gateway over the same run's events; the replay of one municipality's
 * feed of 1 000 000 events; the reference consumer into PostgreSQL beside a plain multi-row INSERT.
 */
export async function municipalityFeedBench(url: string, kafkaBrokers: string[] | undefined, scale: number): Promise<Row[]> {
  const rows: Row[] = [];
  const run = randomUUID().slice(0, 8);
  const schema = `bench_feed_${run}`;
  await ensureSchema(url, schema);
  const pool = new PostgresPool({ url, schema, max: 8 });
  const store = await PostgresEventStore.open(pool, { listen: false });
  const raw = new Pool({ connectionString: url, max: 4 });
  try {
    await migrate(pool, 'municipality-feed', FEED_MIGRATIONS);
    await migrate(pool, 'subscriptions', SUBSCRIPTION_CHECKPOINT_MIGRATIONS);

    // Router: 1000 events per batch, as a consumer's batch would bring them.
    const events = inbound(Math.round(50_000 * scale), run);
    const router = new FeedRouter(pool, store);
    const t0 = process.hrtime.bigint();
    let routed = 0;
    for (let i = 0; i < events.length; i += 1000) routed += (await router.route(events.slice(i, i + 1000))).routed;
    const routerRate = events.length / seconds(t0);

    let relayRate: number | null = null;
    let gatewayRate: number | null = null;
    let serviceRate: number | null = null;
    if (kafkaBrokers) {
      const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'luotsi-bench-feed' });
      const prefix = `bench-${run}`;
      // The platform's relay over the same stored feed events (its own figure, same run).
      const context = `bench-feed-${run}`;
      const contract: ContextContract = {
        context,
        categories: ['municipalityfeed'],
        partitions: 6,
        retentionMs: 3_600_000,
        events: ['resident-registered', 'listing-started'].map((t) => ({
          domainType: t,
          name: t,
          version: 1,
          summary: 'bench',
          schema: {},
          example: {},
        })),
      };
      await ensureTopics(kafka, [{ topic: topicOf(context), partitions: 6 }], prefix);
      const publisher = await KafkaPublisher.connect(kafka, { topicPrefix: prefix });
      const head = await store.headPosition({ categories: ['municipalityfeed'] });
      const relay = new Relay({ contract, store, publisher, checkpoints: new InMemoryCheckpointStore(), batchSize: 2000 });
      const r0 = process.hrtime.bigint();
      await relay.start();
      while (relay.position < head) await new Promise((r) => setTimeout(r, 20));
      relayRate = routed / seconds(r0);
      await relay.stop();
      // The feed's gateway: the same events to the municipalities' one-partition topics, schema-checked.
      const checkpoints = await SubscriptionCheckpoints.open(pool);
      const gateway = new FeedGateway({
        pool,
        publisher,
        checkpoints,
        kafka,
        topicPrefix: prefix,
        retentionMs: 3_600_000,
        batchSize: 2000,
      });
      const g0 = process.hrtime.bigint();
      const signal = new AbortController().signal;
      for await (const batch of store.subscribe({ after: 0, categories: ['municipalityfeed'], maxCount: 2000, signal })) {
        await gateway.handle(batch, { signal, from: 0 });
        if (batch[batch.length - 1]!.globalPosition >= head) break;
      }
      gatewayRate = routed / seconds(g0);
      await publisher.close();
      serviceRate = await routerThroughKafka(url, kafkaBrokers, inbound(Math.round(50_000 * scale), `${run}k`), run);
    }
    rows.push({
      name: `router: ${fmt(events.length)} public events (registered + listed) → ${fmt(routed)} feed events in 2 municipalities, batches of 1 000`,
      value: `${fmt(routerRate)} events/s`,
      baseline:
        relayRate === null
          ? 'no Kafka: relay not measured'
          : `platform relay of the same ${fmt(routed)} events to Kafka: ${fmt(relayRate)} events/s; feed gateway to the municipality topics: ${fmt(gatewayRate!)} events/s`,
      ratio: relayRate === null ? '' : `${fmt((routerRate / relayRate) * 100)} % of the relay`,
      target: '≥ 10 000 events/s',
      verdict: routerRate >= 10_000 ? 'met' : 'NOT met',
    });
    if (serviceRate !== null)
      rows.push({
        name: `router through Kafka (the service's consumer, eachBatch): ${fmt(events.length)} public events on provider choice's topic (6 partitions), the feed's application consuming them`,
        value: `${fmt(serviceRate)} events/s`,
        baseline: `the router called directly in batches of 1 000 (above): ${fmt(routerRate)} events/s`,
        ratio: `${fmt((serviceRate / routerRate) * 100)} %`,
        target: '≥ 10 000 events/s',
        verdict: serviceRate >= 10_000 ? 'met' : 'NOT met',
      });

    // Replay: one municipality's feed of 1 000 000 events (setup: appended in chunks, not measured).
    const total = Math.round(1_000_000 * scale);
    const stream = feedStreamOf('092');
    for (let i = 0; i < total; i += 1000) {
      const chunk: NewEvent[] = Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({
        eventId: randomUUID(),
        type: 'listing-started',
        data: {
          personRef: `${run}-r${i + j}`,
          providerId: 'vantaa',
          stationId: 'tikkurila',
          effectiveFrom: '2027-01-01',
          reason: 'default',
        },
        metadata: { subject: `${run}-r${i + j}` },
      }));
      await store.append(stream, chunk, { expectedRevision: 'any' });
    }
    const p0 = process.hrtime.bigint();
    let replayed = 0;
    let bytes = 0;
    const replayedEvents: string[] = [];
    for (let after = 0; ;) {
      const page = await store.readStream(stream, { fromRevision: after, maxCount: 5000 });
      if (page.length === 0) break;
      const body = JSON.stringify({
        municipality: '092',
        after,
        events: page.map(toMunicipalityCloudEvent),
        next: page.at(-1)!.revision + 1,
      });
      bytes += body.length;
      if (replayedEvents.length < 20_000 * scale) for (const e of page) replayedEvents.push(JSON.stringify(toMunicipalityCloudEvent(e)));
      replayed += page.length;
      after = page.at(-1)!.revision + 1;
    }
    const replaySeconds = seconds(p0);
    rows.push({
      name: `replay of one municipality's feed, ${fmt(replayed)} events in pages of 5 000 (event store read + the wire mapping + JSON; no HTTP)`,
      value: `${fmt(replaySeconds, 1)} s (${fmt(replayed / replaySeconds)} events/s, ${fmt(bytes / 2 ** 20)} MiB)`,
      target: `≤ ${fmt(60 * scale, 1)} s (60 s per 1 000 000)`,
      verdict: replaySeconds <= 60 * scale ? 'met' : 'NOT met',
    });

    // Reference consumer: the mirror's batches (500, as eachBatch brings them) into PostgreSQL.
    const mirrorSchema = `bench_mirror_${run}`;
    const mirror = new Mirror(raw, mirrorSchema, '092');
    await mirror.migrate();
    const sample = replayedEvents.slice(0, Math.round(20_000 * scale));
    const c0 = process.hrtime.bigint();
    for (let i = 0; i < sample.length; i += 500)
      await mirror.apply(
        'bench',
        sample.slice(i, i + 500).map((value, j) => ({ offset: String(i + j), value })),
      );
    const mirrorRate = sample.length / seconds(c0);
    await raw.query(`CREATE TABLE ${mirrorSchema}.baseline (event_id uuid PRIMARY KEY, data jsonb NOT NULL)`);
    const b0 = process.hrtime.bigint();
    for (let i = 0; i < sample.length; i += 500) {
      const part = sample.slice(i, i + 500).map((v) => JSON.parse(v) as { id: string; data: unknown });
      await raw.query(`INSERT INTO ${mirrorSchema}.baseline SELECT * FROM unnest($1::uuid[], $2::jsonb[])`, [
        part.map((p) => p.id),
        part.map((p) => JSON.stringify(p.data)),
      ]);
    }
    const baselineRate = sample.length / seconds(b0);
    await raw.query(`DROP SCHEMA ${mirrorSchema} CASCADE`);
    rows.push({
      name: `reference consumer: ${fmt(sample.length)} feed events applied to its PostgreSQL tables (dedup by id, tables, checkpoint; one transaction per 500)`,
      value: `${fmt(mirrorRate)} events/s`,
      baseline: `plain multi-row INSERT of the same events, 500 per statement: ${fmt(baselineRate)} events/s`,
      ratio: `${fmt((mirrorRate / baselineRate) * 100)} %`,
      target: '≥ 5 000 events/s',
      verdict: mirrorRate >= 5000 ? 'met' : 'NOT met',
    });
  } finally {
    await store.close();
    await pool.end();
    await raw.end();
    await dropSchema(url, schema);
  }
  return rows;
}
