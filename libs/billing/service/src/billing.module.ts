import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { migrate, type SqlPool } from '@luotsi/database';
import type { EventStore } from '@luotsi/eventstore';
import { PROJECTION_CHECKPOINT_MIGRATIONS, ProjectionRunner, ReliableConsumer, type MessagePublisher } from '@luotsi/messaging';
import { topicOf } from '@luotsi/contracts';
import { billingContract } from '@luotsi/billing-contracts';
import { EVENT_STORE, LOGGER, MESSAGE_PUBLISHER, RelayRegistry, SQL_POOL } from '@luotsi/runtime';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import type { Logger } from 'pino';
import { BillingCommands } from './billing.commands';
import { PROVIDER_CHOICE_CONSUMER, ProviderChoiceConsumer } from './consumer/provider-choice.consumer';
import { BillingController } from './http/billing.controller';
import { billingProjection } from './read-model/billing.projection';
import { BILLING_PROJECTION, BillingReadModel } from './read-model/billing-read-model';
import { BILLING_MIGRATIONS } from './read-model/migrations';

const MIGRATED = Symbol.for('luotsi.billing.migrated');

/** Billing: rate tables, service reports and client fees, monthly settlements and their exports. */
@Module({
  controllers: [BillingController, ProviderChoiceConsumer],
  providers: [
    {
      provide: MIGRATED,
      inject: [SQL_POOL],
      useFactory: async (pool: SqlPool) => {
        await migrate(pool, 'billing', BILLING_MIGRATIONS);
        await migrate(pool, 'projections', PROJECTION_CHECKPOINT_MIGRATIONS);
        return true;
      },
    },
    { provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry },
    {
      provide: BILLING_PROJECTION,
      inject: [EVENT_STORE, getDataSourceToken(), LOGGER, MIGRATED],
      useFactory: (store: EventStore, dataSource: DataSource, logger: Logger) =>
        new ProjectionRunner(store, dataSource, billingProjection, (err) => logger.error({ err }, 'billing projection failed; retrying')),
    },
    {
      provide: PROVIDER_CHOICE_CONSUMER,
      inject: [MESSAGE_PUBLISHER, LOGGER],
      useFactory: (deadLetters: MessagePublisher, logger: Logger) =>
        new ReliableConsumer({
          consumer: 'billing-listings', topic: topicOf('provider-choice'), deadLetters,
          onDeadLetter: (info) => logger.error(info, 'provider choice event sent to the dead-letter topic'),
        }),
    },
    BillingReadModel,
    BillingCommands,
  ],
  exports: [BillingCommands, BillingReadModel, BILLING_PROJECTION],
})
export class BillingModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relays: RelayRegistry, @Inject(BILLING_PROJECTION) private readonly projection: ProjectionRunner) {}

  onModuleInit(): void {
    this.relays.register(billingContract);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
