/**
 * The reference consumer a municipality can run: mirrors its feed (topic luotsi.municipality.<code>.v1,
 * over SASL/SCRAM) into its own PostgreSQL tables, idempotent by event id, resuming from the
 * checkpoint kept in those tables, dead-lettering what it cannot apply (a table, and the
 * municipality's dead-letter topic so the county's delivery record shows it). With --replay-url it
 * first loads what it lacks from the HTTP replay (a new subscriber, or one past the topic's retention).
 *
 *   node -r ./tools/register.cjs tools/municipality-consumer/main.ts   (settings: FEED_* variables, below)
 */
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import { Mirror } from './mirror';

interface Settings {
  brokers: string[];
  username: string;
  password: string;
  municipality: string;
  group: string;
  topicPrefix: string;
  databaseUrl: string;
  schema: string;
  replayUrl: string | undefined;
  replayToken: string | undefined;
  /** FEED_MAX_BATCH_BYTES: how much one fetch (one transaction) may bring, 1 MiB by default. */
  maxBatchBytes: number;
}

function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  const municipality = need('FEED_MUNICIPALITY');
  if (!/^\d{3}$/.test(municipality)) throw new Error('FEED_MUNICIPALITY is a three-digit municipality code');
  const topicPrefix = env['FEED_TOPIC_PREFIX'] ?? '';
  const p = (name: string) => (topicPrefix ? `${topicPrefix}.${name}` : name);
  return {
    brokers: need('FEED_BROKERS').split(','),
    username: need('FEED_USERNAME'),
    password: need('FEED_PASSWORD'),
    municipality,
    // The principal may use only groups that start with municipality-<code>.
    group: p(`municipality-${municipality}.${env['FEED_GROUP_NAME'] ?? 'mirror'}`),
    topicPrefix,
    databaseUrl: need('FEED_DATABASE_URL'),
    schema: env['FEED_SCHEMA'] ?? `feed_${municipality}`,
    replayUrl: env['FEED_REPLAY_URL'] || undefined,
    replayToken: env['FEED_REPLAY_TOKEN'] || undefined,
    maxBatchBytes: Number(env['FEED_MAX_BATCH_BYTES'] ?? 1024 * 1024),
  };
}

const log = (fields: Record<string, unknown>, message: string) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`);

/** Loads what the mirror lacks from the HTTP replay, page by page (idempotent: overlap with the topic is harmless). */
async function replay(mirror: Mirror, s: Settings): Promise<void> {
  let after = await mirror.lastSequence();
  for (;;) {
    const res = await fetch(`${s.replayUrl}/feeds/${s.municipality}/events?after=${after}&limit=5000`, {
      headers: { authorization: `Bearer ${s.replayToken ?? ''}` },
    });
    if (!res.ok) throw new Error(`replay answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const page = (await res.json()) as { events: unknown[]; next: number };
    if (page.events.length === 0) return;
    const outcome = await mirror.apply(
      'replay',
      page.events.map((e) => ({ offset: null, value: JSON.stringify(e) })),
    );
    log({ after, applied: outcome.applied, duplicates: outcome.duplicates }, 'replayed a page');
    after = page.next;
  }
}

async function main(): Promise<void> {
  const s = settings();
  const topic = s.topicPrefix ? `${s.topicPrefix}.luotsi.municipality.${s.municipality}.v1` : `luotsi.municipality.${s.municipality}.v1`;
  const dlq = `${topic}.dlq`;
  const pool = new Pool({ connectionString: s.databaseUrl, max: 4 });
  const mirror = new Mirror(pool, s.schema, s.municipality);
  await mirror.migrate();
  if (s.replayUrl) await replay(mirror, s);

  const kafka = new Kafka({
    clientId: `municipality-${s.municipality}-mirror`,
    brokers: s.brokers,
    sasl: { mechanism: 'scram-sha-512', username: s.username, password: s.password },
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
  });
  const consumer: Consumer = kafka.consumer({
    groupId: s.group,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: s.maxBatchBytes,
    maxBytes: Math.max(s.maxBatchBytes, 1024),
  });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const resume = await mirror.resumeOffset(topic);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale()) return;
      const outcome = await mirror.apply(
        topic,
        batch.messages.map((m) => ({ offset: m.offset, value: m.value?.toString('utf8') ?? null })),
      );
      if (outcome.deadLettered.length > 0)
        await producer.send({
          topic: dlq,
          messages: outcome.deadLettered.map((d) => ({
            key: d.eventId ?? 'unreadable',
            value: JSON.stringify({ eventId: d.eventId, offset: d.offset, error: d.error }),
            headers: { luotsi_error: d.error.slice(0, 2000), luotsi_consumer: s.group },
          })),
        });
      const last = batch.messages[batch.messages.length - 1]!.offset;
      resolveOffset(last);
      // The mirror's own checkpoint is the truth; the group offset tells the county's delivery record.
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
      log(
        { offset: last, applied: outcome.applied, duplicates: outcome.duplicates, deadLettered: outcome.deadLettered.length },
        'applied a batch',
      );
    },
  });
  // Resume where the mirror's tables say, not where the group's offset says (they commit apart);
  // once in the group, commit that position too, so the county's delivery record shows it even
  // when nothing new arrives.
  if (resume !== null) {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      void consumer.commitOffsets([{ topic, partition: 0, offset: resume }]).catch(() => undefined);
    });
    consumer.seek({ topic, partition: 0, offset: resume });
  }
  log({ topic, group: s.group, resumeFrom: resume ?? 'beginning' }, 'mirror started');
}

main().catch((error) => {
  process.stderr.write(`municipality consumer failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
