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

/** Tries of topic creation while a concurrent creator's topic settles (see ensureTopics). */
const TOPIC_ATTEMPTS = 8;
const SETTLING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);
/** Whether kafkajs's error (or the one its retrier wraps) says a topic is still being created. */
const settling = (error: unknown): boolean => {
  for (let e = error as { type?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.type === 'string' && SETTLING.has(e.type)) return true;
    e = e.originalError as typeof e;
  }
  return false;
};

/** Creates missing topics with their partitions and retention; existing ones are left as they are. */

export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[], topicPrefix = ''): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    // Two services starting together create the same topics: the loser's wait for leaders can see
    // the winner's topic before its partitions are known ("does not host this topic-partition").
    // That is the broker catching up, not a failure: look again, a few times.
    for (let attempt = 1; ; attempt++) {
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
        return;
      } catch (error) {
        if (attempt >= TOPIC_ATTEMPTS || !settling(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
