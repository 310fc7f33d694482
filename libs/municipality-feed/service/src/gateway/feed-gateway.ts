import type { Kafka } from 'kafkajs';
import type { SqlPool } from '@luotsi/database';
import type { RecordedEvent } from '@luotsi/eventstore';
import { cloudEventHeaders, type CloudEvent } from '@luotsi/contracts';
import {
  ensureTopics,
  type BatchContext,
  type EngineLogger,
  type MessagePublisher,
  type OutboundMessage,
  type SubscriptionCheckpoints,
  type SubscriptionHandler,
} from '@luotsi/messaging';
import {
  FEED_CATEGORY,
  FeedPayloadValidator,
  feedDeadLetterTopicOf,
  feedTopicOf,
  toMunicipalityCloudEvent,
  type MunicipalityCloudEvent,
} from '@luotsi/municipality-feed-contracts';

export const FEED_GATEWAY = 'relay:municipality-feed';

export interface FeedGatewayOptions {
  pool: SqlPool;
  publisher: MessagePublisher;
  checkpoints: SubscriptionCheckpoints;
  /** Null on the in-process bus: no topics to create. */
  kafka: Kafka | null;
  topicPrefix: string;
  retentionMs: number;
  logger?: EngineLogger;
  batchSize?: number;
  retryMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * The feeds' gateway: event store (category municipalityfeed) → `luotsi.municipality.<code>.v1`.
 * Each stored feed event becomes the municipality's CloudEvent by the same mapping the replay
 * uses, is checked against its schema (a failing one is never sent: it is counted as rejected and
 * its envelope, without data, goes to the municipality's dead-letter topic), and is published to a
 * one-partition topic (created on first use with the configured retention), so the topic's order
 * is the feed's sequence. After the broker acked: each feed's published sequence, then the checkpoint.
 */
export class FeedGateway implements SubscriptionHandler {
  readonly kind = 'gateway';
  readonly name = FEED_GATEWAY;
  readonly categories = [FEED_CATEGORY];
  readonly batchSize: number;
  private readonly validator = new FeedPayloadValidator();
  private readonly topics = new Set<string>();

  constructor(private readonly options: FeedGatewayOptions) {
    this.batchSize = options.batchSize ?? 1000;
  }

  async handle(batch: readonly RecordedEvent[], { signal }: BatchContext): Promise<boolean> {
    const messages: OutboundMessage[] = [];
    const published = new Map<string, number>();
    const rejected = new Map<string, number>();
    for (const e of batch) {
      const event = toMunicipalityCloudEvent(e);
      const errors = this.validator.errors(e.type, event.data);
      published.set(event.municipality, event.sequence);
      if (errors.length === 0) {
        messages.push({
          topic: feedTopicOf(event.municipality),
          key: event.subject,
          value: event as unknown as CloudEvent,
          headers: cloudEventHeaders(),
        });
        continue;
      }
      rejected.set(event.municipality, (rejected.get(event.municipality) ?? 0) + 1);
      const letter: MunicipalityCloudEvent = { ...event, data: {} };
      messages.push({
        topic: feedDeadLetterTopicOf(event.municipality),
        key: event.subject,
        value: letter as unknown as CloudEvent,
        headers: { ...cloudEventHeaders(), luotsi_error: errors.join('; ').slice(0, 2000), luotsi_consumer: this.name },
      });
      this.options.logger?.error(
        { subscription: this.name, eventId: e.eventId, type: e.type, errors },
        'feed event failed its schema; not sent',
      );
    }
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await this.ensureTopics([...published.keys()]);
        await this.options.publisher.publish(messages);
        for (const [municipality, sequence] of published)
          await this.options.pool.query(
            `INSERT INTO mf_feeds (municipality, head_sequence, published_sequence, published_at, rejected) VALUES ($1, $2, $2, now(), $3)
             ON CONFLICT (municipality) DO UPDATE SET published_sequence = GREATEST(mf_feeds.published_sequence, EXCLUDED.published_sequence),
               head_sequence = GREATEST(mf_feeds.head_sequence, EXCLUDED.head_sequence), published_at = now(),
               rejected = mf_feeds.rejected + EXCLUDED.rejected`,
            [municipality, sequence, rejected.get(municipality) ?? 0],
          );
        await this.options.checkpoints.save(this.name, batch[batch.length - 1]!.globalPosition);
        return true;
      } catch (error) {
        this.options.logger?.warn({ subscription: this.name, attempt, err: String(error) }, 'feed publish failed; retrying the same batch');
        await sleep(Math.min(5000, (this.options.retryMs ?? 200) * attempt), signal);
      }
    }
    return false;
  }

  private async ensureTopics(municipalities: readonly string[]): Promise<void> {
    const missing = municipalities.filter((m) => !this.topics.has(m));
    if (missing.length === 0) return;
    if (this.options.kafka)
      await ensureTopics(
        this.options.kafka,
        missing.flatMap((m) => [
          { topic: feedTopicOf(m), partitions: 1, retentionMs: this.options.retentionMs },
          { topic: feedDeadLetterTopicOf(m), partitions: 1, retentionMs: this.options.retentionMs },
        ]),
        this.options.topicPrefix,
      );
    for (const m of missing) this.topics.add(m);
  }
}
