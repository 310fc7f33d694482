import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { isBatchHandler, MessageBatch, runBatchHandler, runMessageHandler } from '../consumer/message-batch';
import { prefixedTopic } from './kafka-client';

type Handler = Parameters<ServerKafka['addHandler']>[1];

/** At most this many messages per call of a batch handler (the event store's limit of one append). */
export const MAX_HANDLER_BATCH = 1000;

/**
 * Nest's Kafka transport with the installation's topic prefix: an `@EventPattern(topicOf(...))`
 * handler (generated for a declaration's `consumes`, or written by hand) is registered, subscribed
 * and matched under the prefixed topic, so code names topics without knowing the installation.
 *
 * It consumes with kafkajs `eachBatch` and resolves offsets itself. A topic whose handler is a
 * batch handler gets each fetched batch of a partition in calls of at most MAX_HANDLER_BATCH
 * messages, the offset resolved after each call returned (its work is durable); every other topic
 * is handled message by message, each offset resolved once its handlers are done (runMessageHandler,
 * as the in-process transport does; Nest's Kafka `handleEvent` waits too, but throws its exception
 * handler's generic error in place of the handler's own). A throw leaves the rest unresolved, so
 * kafkajs redelivers from the last resolved offset.
 */
export class PrefixedKafkaServer extends ServerKafka {
  private closed = false;
  private restarting: ReturnType<typeof setTimeout> | undefined;

  constructor(
    options: NonNullable<KafkaOptions['options']>,
    private readonly topicPrefix: string,
  ) {
    super(options);
  }

  /** Nest's listeners, and the crash watch: before the consumer runs, since it may crash at once. */
  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    this.watchForCrash();
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restarting);
    await super.close();
  }

  /**
   * kafkajs restarts a crashed consumer only after a retriable error. When the broker goes away at
   * the wrong moment (the faults tier: its disk filled, it stopped while the group's coordinator was
   * being found), the crash is "non-retriable" and the consumer would stay stopped for good, the
   * service consuming nothing until it is restarted. Such a consumer is replaced by a new one of the
   * same group, again and again with backoff, until it runs; it resumes from the committed offsets.
   */
  private watchForCrash(): void {
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.closed) return;
      this.logger.error(`Kafka consumer crashed without a restart (${String(event.payload.error)}); replacing it`);
      this.scheduleRestart(1000);
    });
  }

  private scheduleRestart(delayMs: number): void {
    clearTimeout(this.restarting);
    this.restarting = setTimeout(() => void this.replaceConsumer(delayMs), delayMs);
  }

  private async replaceConsumer(lastDelayMs: number): Promise<void> {
    if (this.closed || !this.client) return;
    await this.consumer?.disconnect().catch(() => undefined);
    try {
      this.consumer = this.client.consumer({ ...(this.options.consumer ?? {}), groupId: this.groupId });
      this.registerConsumerEventListeners();
      await this.consumer.connect();
      await this.bindEvents(this.consumer);
    } catch (error) {
      this.logger.error(`Kafka consumer could not be replaced yet (${String(error)}); trying again`);
      this.scheduleRestart(Math.min(lastDelayMs * 2, 30_000));
    }
  }

  override addHandler(pattern: unknown, callback: Handler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    super.addHandler(typeof pattern === 'string' ? prefixedTopic(this.topicPrefix, pattern) : pattern, callback, isEventHandler, extras);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** One partition's fetched batch (kafkajs calls it once per partition at a time: order is kept). */
  async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary, pause } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (handler && isBatchHandler(handler)) {
      for (let i = 0; i < batch.messages.length; i += MAX_HANDLER_BATCH) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(i, i + MAX_HANDLER_BATCH);
        const decoded = await Promise.all(chunk.map((m) => this.decode(batch.topic, batch.partition, m)));
        const context = new KafkaContext([decoded.at(-1)!.raw, batch.partition, batch.topic, this.consumer!, heartbeat, this.producer!]);
        await runBatchHandler(handler, new MessageBatch(decoded.map((d) => d.data)), context);
        resolveOffset(chunk.at(-1)!.offset);
        await heartbeat();
        await commitOffsetsIfNecessary();
      }
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      if (handler?.isEventHandler) {
        const { raw, data } = await this.decode(batch.topic, batch.partition, message);
        await runMessageHandler(
          handler,
          data,
          new KafkaContext([raw, batch.partition, batch.topic, this.consumer!, heartbeat, this.producer!]),
        );
      } else await this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause });
      resolveOffset(message.offset);
      await heartbeat();
      await commitOffsetsIfNecessary();
      // As kafkajs's eachMessage loop does: a handler that paused its partition gets no more of the batch.
      if (this.isPaused(batch.topic, batch.partition)) return;
    }
  }

  private isPaused(topic: string, partition: number): boolean {
    return (this.consumer?.paused() ?? []).some((p) => p.topic === topic && p.partitions.includes(partition));
  }

  /** The per-message path's deserialisation (Nest's parser, then its deserializer), for one message of a batch. */
  private async decode(topic: string, partition: number, message: KafkaMessage): Promise<{ raw: KafkaMessage; data: unknown }> {
    // `parse` changes the message it is given: a copy keeps kafkajs's batch as it was fetched.
    const raw = this.parser!.parse<KafkaMessage>(Object.assign({ ...message }, { topic, partition }));
    const packet = await this.deserializer.deserialize(raw, { channel: topic });
    return { raw, data: packet.data };
  }
}
