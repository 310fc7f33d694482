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
    const wanted = topics.map((t) => ({ ...t, topic: prefixedTopic(topicPrefix, t.topic) }));
    // Two services starting together create the same topics. The loser's CreateTopics answers
    // TOPIC_ALREADY_EXISTS, and kafkajs then returns without waiting for the winner's leaders, so
    // its next metadata request can still hear "does not host this topic-partition". That is the
    // broker catching up, not a failure: every caller waits until each topic has its leaders.
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t.topic));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((t) => ({
              topic: t.topic,
              numPartitions: t.partitions,
              replicationFactor: -1,
              configEntries: t.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(t.retentionMs) }] : [],
            })),
          });
        }
        if (
          wanted.length === 0 ||
          (await haveLeaders(
            admin,
            wanted.map((t) => t.topic),
          ))
        )
          return;
        if (attempt >= TOPIC_ATTEMPTS)
          throw new Error(`topics without partition leaders after ${attempt} tries: ${wanted.map((t) => t.topic).join(', ')}`);
      } catch (error) {
        if (attempt >= TOPIC_ATTEMPTS || !settling(error)) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Whether the broker knows every partition of these topics with a leader (a settling topic throws or has none). */
async function haveLeaders(admin: Admin, topics: readonly string[]): Promise<boolean> {
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  const known = new Map(metadata.topics.map((t) => [t.name, t.partitions]));
  return topics.every((topic) => {
    const partitions = known.get(topic);
    return partitions !== undefined && partitions.length > 0 && partitions.every((p) => p.leader >= 0);
  });
}
