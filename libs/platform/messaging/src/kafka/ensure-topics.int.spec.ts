import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describeWith, testKafkaBrokers } from '@luotsi/testing';
import { ensureTopics } from './kafka-client';

/**
 * Two services that start together create the same topics (CI once saw contact intake die at start:
 * its CreateTopics lost the race, kafkajs returned without waiting for the winner's leaders, and the
 * next metadata request heard "does not host this topic-partition"). Whoever returns from
 * ensureTopics first or last, the broker must then know every partition with its leader.
 */
describeWith('Kafka (LUOTSI_TEST_KAFKA_BROKERS)', testKafkaBrokers())('ensureTopics with concurrent creators', () => {
  const run = randomUUID().slice(0, 8);
  const client = (n: number) =>
    new Kafka({ clientId: `ensure-${run}-${n}`, brokers: testKafkaBrokers() ?? [], logLevel: logLevel.NOTHING });
  const created: string[] = [];

  afterAll(async () => {
    const admin = client(0).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('every creator returns only once each topic has all its partitions led, and a second call changes nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const topics = [
        { topic: `ensure.${run}.${round}.a`, partitions: 6 },
        { topic: `ensure.${run}.${round}.b`, partitions: 3, retentionMs: 3_600_000 },
      ];
      created.push(...topics.map((t) => t.topic));
      const clients = [1, 2, 3, 4].map(client);
      // A rival creator that does not wait for leaders, as a losing kafkajs createTopics does not.
      const rival = client(9).admin();
      await rival.connect();
      const rivalCreates = rival.createTopics({
        waitForLeaders: false,
        topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions })),
      });
      await Promise.all([
        rivalCreates.finally(() => rival.disconnect()),
        ...clients.map(async (kafka) => {
          await ensureTopics(kafka, topics);
          // What a starting service does next, with no pause: ask for the partitions' leaders.
          const admin = kafka.admin();
          await admin.connect();
          try {
            const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
            for (const t of topics) {
              const partitions = metadata.topics.find((m) => m.name === t.topic)?.partitions ?? [];
              expect(partitions).toHaveLength(t.partitions);
              expect(partitions.every((p) => p.leader >= 0)).toBe(true);
            }
          } finally {
            await admin.disconnect();
          }
        }),
      ]);
    }
    // Existing topics are left as they are: a call asking for more partitions does not change them.
    const topic = `ensure.${run}.0.a`;
    await ensureTopics(client(5), [{ topic, partitions: 12 }]);
    const admin = client(6).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]!.partitions).toHaveLength(6);
  }, 120_000);
});
