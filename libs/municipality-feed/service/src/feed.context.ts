import type { Kafka } from 'kafkajs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlPool } from '@luotsi/database';
import type { MessagePublisher, SubscriptionCheckpoints } from '@luotsi/messaging';
import {
  contextMigrated,
  defineContext,
  KAFKA,
  LOGGER,
  MESSAGE_PUBLISHER,
  RUNTIME_CONFIG,
  SQL_POOL,
  SUBSCRIPTION_CHECKPOINTS,
  SubscriptionRuntime,
  type RuntimeConfig,
} from '@luotsi/runtime';
import type { Logger } from 'pino';
import { DeliveryRecord } from './delivery/delivery-record';
import { FeedGateway } from './gateway/feed-gateway';
import { FeedController } from './http/feed.controller';
import { FEED_MIGRATIONS } from './migrations';
import { FeedReports } from './reports/feed-reports';
import { FeedRouter } from './router/feed-router';
import { feedInbound } from './router/inbound';

export const FEED_CONTEXT = 'municipality-feed';

/** Puts the feeds' gateway on the process's subscription engine (started with the others). */
@Injectable()
export class FeedGatewayRunner implements OnModuleInit {
  constructor(
    private readonly runtime: SubscriptionRuntime,
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(SUBSCRIPTION_CHECKPOINTS) private readonly checkpoints: SubscriptionCheckpoints,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(contextMigrated(FEED_CONTEXT)) _migrated: boolean,
  ) {}

  onModuleInit(): void {
    this.runtime.engine.add(
      new FeedGateway({
        pool: this.pool,
        publisher: this.publisher,
        checkpoints: this.checkpoints,
        kafka: this.kafka,
        topicPrefix: this.config.kafkaTopicPrefix,
        retentionMs: this.config.municipalityFeed.retentionDays * 86_400_000,
        logger: this.logger,
      }),
    );
  }
}

/**
 * The municipalities' feed: routes the contexts' public events to one topic per municipality in
 * the municipality's own minimised contract, replays a feed from the event store, keeps the
 * delivery record per subscriber and makes the quarterly municipality reports. It has no commands
 * of its own: its streams (municipalityfeed-<code>) are written by the router.
 */
export const municipalityFeedContext = defineContext({
  name: FEED_CONTEXT,
  streams: [],
  migrations: FEED_MIGRATIONS,
  consumes: feedInbound,
  timers: [
    {
      name: 'quarter-reports',
      everyMs: (config) => config.municipalityFeed.reportIntervalMs,
      inject: [FeedReports],
      tick: async (now: Date, reports: FeedReports) => {
        await reports.closeQuarters(now);
      },
    },
  ],
  controllers: [FeedController],
  providers: [FeedRouter, DeliveryRecord, FeedReports, FeedGatewayRunner],
  exports: [FeedRouter, DeliveryRecord, FeedReports],
});
