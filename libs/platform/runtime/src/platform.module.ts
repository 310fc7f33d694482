import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { CLOCK, FixedClock, ID_GENERATOR, randomIds, systemClock, type Clock } from '@luotsi/kernel';
import { migrate, openDataSource, openPool, type SqlPool } from '@luotsi/database';
import { CommandPipeline, openEventStore, UpcasterChain, UpcastingEventStore, type EventStore } from '@luotsi/eventstore';
import {
  AdvisoryLockLeadership,
  createKafka,
  InProcessBus,
  KafkaPublisher,
  PROCESSED_EVENTS_MIGRATIONS,
  SqlCheckpointStore,
  SubscriptionCheckpoints,
  SubscriptionEngine,
  type MessagePublisher,
} from '@luotsi/messaging';
import { APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { EdgeGuard } from './http/edge.guard';
import { HTTP_LIMITS } from './http/route-options';
import { AccessGuard } from './access/access';
import { RouteAccess } from './access/principal-actor';
import { RESIDENT_DIRECTORY, ResidentDirectorySlot } from './access/resident-directory';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { AccessLogStore } from './access-log/access-log.store';
import { tokenVerifierFor } from './access/token-verifier';
import { SubscriptionRuntime } from './context/subscription-runtime';
import { IdempotencyInterceptor } from './idempotency/idempotent';
import { IdempotencyStore } from './idempotency/idempotency-store';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { HealthController } from './http/health.controller';
import { RelayRegistry } from './messaging/relay-registry';
import { createLogger } from './logger';
import type { RuntimeConfig } from './runtime-config';
import {
  CHECKPOINTS,
  COMMAND_PIPELINE,
  EVENT_STORE,
  IN_PROCESS_BUS,
  KAFKA,
  LOGGER,
  MESSAGE_PUBLISHER,
  RUNTIME_CONFIG,
  SQL_POOL,
  SUBSCRIPTION_CHECKPOINTS,
  SUBSCRIPTION_ENGINE,
  TOKEN_VERIFIER,
  UPCASTERS,
} from './tokens';

/**
 * The shared resources of one Luotsi process, chosen by configuration: the SQL pool (PostgreSQL or
 * PGlite), the event store on it (or EventStoreDB), the bus (Kafka or in-process), TypeORM over the
 * same database, and the logger. Service modules inject these by token and never pick adapters.
 */
@Global()
@Module({})
export class PlatformCoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  static forRoot(config: RuntimeConfig): DynamicModule {
    const providers = [
      { provide: RUNTIME_CONFIG, useValue: config },
      { provide: CLOCK, useValue: config.fixedNow ? new FixedClock(config.fixedNow) : systemClock },
      { provide: ID_GENERATOR, useValue: randomIds },
      { provide: LOGGER, useValue: createLogger(config.service, config.logLevel) },
      {
        provide: SQL_POOL,
        useFactory: async () => {
          const pool = await openPool(config.database, `luotsi-${config.service}`);
          await migrate(pool, 'consumers', PROCESSED_EVENTS_MIGRATIONS);
          return pool;
        },
      },
      { provide: UPCASTERS, useFactory: () => new UpcasterChain() },
      {
        provide: EVENT_STORE,
        inject: [SQL_POOL, CLOCK, UPCASTERS],
        // Every reader gets current event versions: the contexts' upcasters join the chain at their init.
        useFactory: async (pool: SqlPool, clock: Clock, upcasters: UpcasterChain) =>
          new UpcastingEventStore(await openEventStore({ eventStoreUrl: config.eventStoreUrl, pool, clock }), upcasters),
      },
      { provide: COMMAND_PIPELINE, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CommandPipeline(store) },
      { provide: CommandPipeline, useExisting: COMMAND_PIPELINE },
      { provide: SUBSCRIPTION_CHECKPOINTS, inject: [SQL_POOL], useFactory: (pool: SqlPool) => SubscriptionCheckpoints.open(pool) },
      {
        provide: SUBSCRIPTION_ENGINE,
        inject: [EVENT_STORE, SUBSCRIPTION_CHECKPOINTS, SQL_POOL, LOGGER],
        useFactory: (store: EventStore, checkpoints: SubscriptionCheckpoints, pool: SqlPool, logger: Logger) =>
          new SubscriptionEngine({ store, checkpoints, leadership: AdvisoryLockLeadership.for(pool), logger }),
      },
      {
        provide: IdempotencyStore,
        inject: [SQL_POOL],
        useFactory: (pool: SqlPool) => IdempotencyStore.open(pool, config.idempotencyTtlMs),
      },
      // Bearer tokens only: one verifier per process, from config.oidc (see tokenVerifierFor).
      { provide: TOKEN_VERIFIER, useFactory: () => tokenVerifierFor(config.oidc) },
      // Filled by the identity context when its registry opens (openPersonRegistry of @luotsi/identity).
      { provide: RESIDENT_DIRECTORY, useFactory: () => new ResidentDirectorySlot() },
      { provide: AccessLogStore, inject: [SQL_POOL], useFactory: (pool: SqlPool) => AccessLogStore.open(pool, config.accessLogSchema) },
      { provide: CHECKPOINTS, inject: [SQL_POOL], useFactory: (pool: SqlPool) => SqlCheckpointStore.open(pool) },
      { provide: IN_PROCESS_BUS, useFactory: () => (config.kafkaBrokers ? null : new InProcessBus()) },
      {
        provide: KAFKA,
        useFactory: () =>
          config.kafkaBrokers ? createKafka({ brokers: config.kafkaBrokers, clientId: `luotsi-${config.service}` }) : null,
      },
      {
        provide: MESSAGE_PUBLISHER,
        inject: [KAFKA, IN_PROCESS_BUS],
        useFactory: (kafka: Kafka | null, bus: InProcessBus | null) =>
          kafka ? KafkaPublisher.connect(kafka, { topicPrefix: config.kafkaTopicPrefix }) : bus!,
      },
    ];
    return {
      module: PlatformCoreModule,
      providers: [...providers, RelayRegistry, SubscriptionRuntime, AccessLog, RouteAccess],
      exports: [...providers.map((p) => p.provide), RelayRegistry, SubscriptionRuntime, AccessLog, RouteAccess],
    };
  }

  /** TypeORM closes its DataSource in its own shutdown hook; the pool goes last. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.publisher.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

const POOL = '__luotsiPool';

@Module({})
export class PlatformModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    const core = PlatformCoreModule.forRoot(config);
    return {
      module: PlatformModule,
      imports: [
        core,
        TypeOrmModule.forRootAsync({
          imports: [core],
          inject: [SQL_POOL],
          // Read models live in the same database as the pool; on PGlite they must share its one queue.
          useFactory: (pool: SqlPool) => ({ type: 'postgres', autoLoadEntities: true, entities: [], [POOL]: pool }) as TypeOrmModuleOptions,
          dataSourceFactory: async (options) => {
            const { [POOL]: pool, entities } = options as unknown as { [POOL]: SqlPool; entities: never };
            return openDataSource(pool, entities ?? []);
          },
        }),
      ],
      // The access log's readers (residents, auditors) are part of every service.
      controllers: [HealthController, AccessLogController],
      // The edge's input checks first (module guards run before the app's useGlobalGuards ones, so
      // without this the access guard would answer a NUL or an identity code in a path with 403
      // before the edge could name it), then every route is called only as it declares
      // (AccessGuard); @Idempotent() routes replay their answers.
      providers: [
        { provide: APP_GUARD, inject: [Reflector], useFactory: (reflector: Reflector) => new EdgeGuard(reflector, HTTP_LIMITS) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [core, TypeOrmModule],
    };
  }
}

export type { Logger };
