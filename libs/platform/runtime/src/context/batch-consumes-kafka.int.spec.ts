import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { cloudEventHeaders, deadLetterTopicOf, topicOf, type CloudEvent } from '@luotsi/contracts';
import { createKafka, ensureTopics, prefixedTopic } from '@luotsi/messaging';
import { describeWithKafka, testKafkaBrokers, waitUntil } from '@luotsi/testing';
import { ContextModule } from './context.module';
import { defineContext } from './define-context';
import { PlatformModule } from '../platform.module';
import { startTestApp, type TestApp } from '../testing/test-app';

const CONTEXT = 'probe-kafka-batched';
const batches: string[][] = [];

const declaration = defineContext({
  name: 'probe-kafka-batch-consumer',
  streams: [],
  consumes: [
    {
      name: 'recorder',
      topic: topicOf(CONTEXT),
      handleBatch: async (events: readonly CloudEvent[]) => {
        batches.push(events.map((e) => e.id));
        return { failed: events.filter((e) => e.id === 'e3').map((event) => ({ event, error: new Error('data.personRef missing') })) };
      },
    },
  ],
});

@Module({})
class ProbeModule {
  static forRoot(config: Parameters<typeof PlatformModule.forRoot>[0]): DynamicModule {
    return { module: ProbeModule, imports: [PlatformModule.forRoot(config), ContextModule.register(declaration)] };
  }
}

const event = (id: string) =>
  JSON.stringify({ specversion: '1.0', id, type: 'x', source: '/luotsi/probe', subject: id, time: '2027-01-01T00:00:00Z', data: {} });

/**
 * The batch path over the real broker, through Nest: the platform's Kafka server (eachBatch) hands
 * the generated handler a partition's messages at once; the unreadable ones are on the dead-letter
 * topic, each with its error; the group's committed offset is past the whole batch.
 */
describeWithKafka()('a batch `consumes` declaration over Kafka', () => {
  const brokers = testKafkaBrokers()!;
  const prefix = `it-batch-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers, clientId: 'it-batch' });
  const topic = prefixedTopic(prefix, topicOf(CONTEXT));
  const dlq = prefixedTopic(prefix, deadLetterTopicOf(CONTEXT));
  let t: TestApp | undefined;

  beforeAll(async () => {
    await ensureTopics(
      kafka,
      [
        { topic: topicOf(CONTEXT), partitions: 1 },
        { topic: deadLetterTopicOf(CONTEXT), partitions: 1 },
      ],
      prefix,
    );
    const producer = kafka.producer();
    await producer.connect();
    const headers = cloudEventHeaders();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'e1', value: event('e1'), headers },
        { key: 'e2', value: event('e2'), headers },
        { key: 'e3', value: event('e3'), headers },
        { key: 'x', value: 'not an event', headers },
        { key: 'e4', value: event('e4'), headers },
        { key: 'e5', value: event('e5'), headers },
      ],
    });
    await producer.disconnect();
    t = await startTestApp(
      { service: 'probe-batch', title: 'probe', description: 'probe', module: ProbeModule.forRoot, consumes: [] },
      'pglite',
      {
        config: { kafkaBrokers: brokers, kafkaTopicPrefix: prefix, logLevel: 'error' },
      },
    );
  }, 90_000);
  afterAll(async () => t?.close());

  it('routes the readable events in batches, dead-letters the two others alone and commits past all six', async () => {
    await waitUntil(() => batches.flat().length >= 5, { timeoutMs: 60_000, what: 'the batch handled' });
    expect(batches.flat()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(batches[0]!.length).toBeGreaterThan(1);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const groupId = prefixedTopic(prefix, 'luotsi-probe-batch');
      const committed = await waitUntil(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return offsets!.partitions[0]!.offset === '6' ? offsets : null;
        },
        { timeoutMs: 30_000, what: 'the offset committed' },
      );
      expect(committed.partitions[0]!.offset).toBe('6');
    } finally {
      await admin.disconnect();
    }

    const seen: Array<{ id: string; error: string }> = [];
    const consumer = kafka.consumer({ groupId: `${prefix}-reader` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: dlq, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void seen.push({ id: JSON.parse(message.value!.toString()).id, error: message.headers!['luotsi_error']!.toString() }),
      });
      await waitUntil(() => seen.length >= 2, { timeoutMs: 30_000, what: 'the dead letters' });
    } finally {
      await consumer.disconnect();
    }
    // What is not a CloudEvent is set aside before the handler is called, so it is dead-lettered first.
    expect(seen).toEqual([
      { id: 'invalid', error: 'Error: not a CloudEvent' },
      { id: 'e3', error: 'Error: data.personRef missing' },
    ]);
  }, 120_000);
});
