import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { MessagePublisher, OutboundMessage } from '../publisher';
import { prefixedTopic } from './kafka-client';

/**
 * An idempotent producer that waits for all in-sync replicas. One request in flight keeps kafkajs's
 * idempotent sequence numbers valid under load (it otherwise fails with OUT_OF_ORDER_SEQUENCE_NUMBER).
 */
export class KafkaPublisher implements MessagePublisher {
  private constructor(
    private readonly producer: Producer,
    private readonly topicPrefix: string,
  ) {}

  /** `topicPrefix`: the installation's prefix, put before every topic a message names. */
  static async connect(kafka: Kafka, options: { topicPrefix?: string } = {}): Promise<KafkaPublisher> {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new KafkaPublisher(producer, options.topicPrefix ?? '');
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: prefixedTopic(this.topicPrefix, topic),
        messages: list.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
      })),
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
