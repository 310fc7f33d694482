import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { deadLetterTopicOf, topicOf, type ContextContract } from '@luotsi/contracts';
import type { EventStore } from '@luotsi/eventstore';
import type { SqlPool } from '@luotsi/database';
import { AdvisoryLockLeadership, ensureTopics, Relay, type CheckpointStore, type MessagePublisher } from '@luotsi/messaging';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { RuntimeConfig } from '../runtime-config';
import { CHECKPOINTS, EVENT_STORE, KAFKA, LOGGER, MESSAGE_PUBLISHER, RUNTIME_CONFIG, SQL_POOL } from '../tokens';

/**
 * Each service module registers its context's contract here; the bootstrap starts the relays only
 * after the message handlers listen, so in embedded mode no event is published to nobody.
 * @deprecated Declare `publishes: { contract }` in `defineContext`; `ContextModule` adds the gateway to the engine.
 */
@Injectable()
export class RelayRegistry implements BeforeApplicationShutdown {
  private readonly contracts = new Map<string, ContextContract>();
  private readonly relays: Relay[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  register(contract: ContextContract): void {
    this.contracts.set(contract.context, contract);
  }

  get registered(): ContextContract[] {
    return [...this.contracts.values()];
  }

  relayOf(context: string): Relay | undefined {
    return this.relays.find((r) => r.name === `relay:${context}`);
  }

  /** Topics (and their dead-letter topics) of the given contracts, created on Kafka if missing. */
  async ensureTopics(contracts: readonly ContextContract[]): Promise<void> {
    if (!this.kafka) return;
    await ensureTopics(
      this.kafka,
      contracts.flatMap((c) => [
        { topic: topicOf(c.context), partitions: c.partitions, retentionMs: c.retentionMs },
        { topic: deadLetterTopicOf(c.context), partitions: 1, retentionMs: c.retentionMs },
      ]),
      this.config.kafkaTopicPrefix,
    );
  }

  async startAll(): Promise<void> {
    await this.ensureTopics(this.registered);
    // Replicas of a service share its database: the one holding a relay's advisory lock relays.
    const leadership = AdvisoryLockLeadership.for(this.pool);
    for (const contract of this.contracts.values()) {
      const relay = new Relay({
        contract,
        store: this.store,
        publisher: this.publisher,
        checkpoints: this.checkpoints,
        logger: this.logger,
        leadership,
      });
      await relay.start();
      this.relays.push(relay);
      this.logger.info({ relay: relay.name, from: relay.position }, 'relay started');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.relays.map((r) => r.stop()));
  }
}
