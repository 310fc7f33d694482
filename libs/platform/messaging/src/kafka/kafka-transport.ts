import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { prefixedTopic } from './kafka-client';

type Handler = Parameters<ServerKafka['addHandler']>[1];

/**
 * Nest's Kafka transport with the installation's topic prefix: an `@EventPattern(topicOf(...))`
 * handler (generated for a declaration's `consumes`, or written by hand) is registered, subscribed
 * and matched under the prefixed topic, so code names topics without knowing the installation.
 */
export class PrefixedKafkaServer extends ServerKafka {
  constructor(
    options: NonNullable<KafkaOptions['options']>,
    private readonly topicPrefix: string,
  ) {
    super(options);
  }

  override addHandler(pattern: unknown, callback: Handler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    super.addHandler(typeof pattern === 'string' ? prefixedTopic(this.topicPrefix, pattern) : pattern, callback, isEventHandler, extras);
  }
}
