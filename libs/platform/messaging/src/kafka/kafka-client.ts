import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
}

export function kafkaBrokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const value = env['KAFKA_BROKERS'];
  return value
    ? value
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean)
    : undefined;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  retentionMs?: number;
}

/** The topic on the cluster: an installation's prefix (RuntimeConfig.kafkaTopicPrefix) before the topic code names. */
export const prefixedTopic = (prefix: string, topic: string): string => (prefix ? `${prefix}.${topic}` : topic);

/** Creates missing topics with their partitions and retention; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[], topicPrefix = ''): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.map((t) => ({ ...t, topic: prefixedTopic(topicPrefix, t.topic) })).filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: -1,
        configEntries: t.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(t.retentionMs) }] : [],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
