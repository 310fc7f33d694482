import 'reflect-metadata';
import { Controller, type DynamicModule, Inject, Injectable, type OnModuleInit, type Provider, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '@luotsi/kernel';
import { migrate, type SqlPool } from '@luotsi/database';
import type { CommandPipeline, UpcasterChain } from '@luotsi/eventstore';
import {
  BATCH_HANDLER_EXTRAS,
  GatewayHandler,
  InboundConsumer,
  MessageBatch,
  ProjectionHandler,
  recordMessageFailure,
  ReactorHandler,
  type InboundDeclaration,
  type MessagePublisher,
  type Subscription,
  type SubscriptionCheckpoints,
} from '@luotsi/messaging';
import type { Logger } from 'pino';
import { DECLARED_CONTROLLER_METADATA } from '../access/access';
import type { RuntimeConfig } from '../runtime-config';
import { SUBSCRIPTION_CHECKPOINTS, COMMAND_PIPELINE, LOGGER, MESSAGE_PUBLISHER, RUNTIME_CONFIG, SQL_POOL, UPCASTERS } from '../tokens';
import type { ContextDeclaration } from './define-context';
import { SubscriptionRuntime } from './subscription-runtime';

/** Resolves once the context's migrations ran: inject it into a provider that reads its tables when it is made. */
export const contextMigrated = (context: string): symbol => Symbol.for(`luotsi.context.${context}.migrated`);
/** A projection's (or reactor's, `reactor:<name>`) subscription: caughtUp(), waitFor(position), restart(). */
export const subscriptionToken = (name: string): symbol => Symbol.for(`luotsi.subscription.${name}`);
/** The context's inbound consumers by name (tests feed them messages directly). */
export const inboundToken = (context: string): symbol => Symbol.for(`luotsi.context.${context}.inbound`);

const resolve = (moduleRef: ModuleRef, tokens: readonly unknown[] | undefined): unknown[] =>
  (tokens ?? []).map((t) => moduleRef.get(t as never, { strict: false }));

/**
 * One @EventPattern method per consumed topic, on a controller class made for the context; a batch
 * declaration's is marked so the transports hand it a MessageBatch.
 */
function inboundController(declaration: ContextDeclaration): Type<unknown> | null {
  const consumes = declaration.consumes ?? [];
  if (consumes.length === 0) return null;
  const token = inboundToken(declaration.name);
  @Controller()
  class InboundController {
    constructor(@Inject(token) readonly consumers: Map<string, InboundConsumer>) {}
  }
  Object.defineProperty(InboundController, 'name', {
    value: `${declaration.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}InboundController`,
  });
  consumes.forEach((c, i) => {
    const method = `on${i}`;
    Object.defineProperty(InboundController.prototype, method, {
      value: async function (this: InboundController, message: unknown): Promise<void> {
        const consumer = this.consumers.get(c.name)!;
        if (!(message instanceof MessageBatch)) {
          try {
            await consumer.consume(message);
          } catch (error) {
            recordMessageFailure(message, error);
            throw error;
          }
          return;
        }
        try {
          await consumer.consumeBatch(message.values);
        } catch (error) {
          message.failure = error;
          throw error;
        }
      },
      writable: true,
      configurable: true,
    });
    Reflect.defineMetadata('design:paramtypes', [Object], InboundController.prototype, method);
    Payload()(InboundController.prototype, method, 0);
    const descriptor = Object.getOwnPropertyDescriptor(InboundController.prototype, method)!;
    if (c.handleBatch) EventPattern(c.topic, { ...BATCH_HANDLER_EXTRAS })(InboundController.prototype, method, descriptor);
    else EventPattern(c.topic)(InboundController.prototype, method, descriptor);
  });
  return InboundController;
}

/**
 * Runs a context declaration: its migrations at init, its upcasters on every read of the process,
 * its gateway, projections and reactors on the subscription engine (started after the message
 * handlers listen), its inbound consumers on generated @EventPattern handlers, its timers.
 */
export class ContextModule {
  static register(declaration: ContextDeclaration): DynamicModule {
    const migrated = contextMigrated(declaration.name);
    const projections = declaration.projections ?? [];
    const reactors = declaration.reactors ?? [];
    for (const controller of declaration.controllers ?? []) Reflect.defineMetadata(DECLARED_CONTROLLER_METADATA, true, controller);

    const subscriptionProviders: Provider[] = [
      ...projections.map((p) => ({
        provide: subscriptionToken(p.name),
        inject: [SubscriptionRuntime, getDataSourceToken(), migrated],
        useFactory: (runtime: SubscriptionRuntime, dataSource: DataSource) => runtime.engine.add(new ProjectionHandler(p, dataSource)),
      })),
      ...reactors.map((r) => ({
        provide: subscriptionToken(`reactor:${r.name}`),
        inject: [SubscriptionRuntime, COMMAND_PIPELINE, SUBSCRIPTION_CHECKPOINTS, CLOCK, LOGGER, ModuleRef, migrated],
        useFactory: (
          runtime: SubscriptionRuntime,
          pipeline: CommandPipeline,
          checkpoints: SubscriptionCheckpoints,
          clock: Clock,
          logger: Logger,
          moduleRef: ModuleRef,
        ) => {
          let deps: unknown[] | null = null;
          const react = (event: Parameters<typeof r.react>[0]) => r.react(event, ...(deps ??= resolve(moduleRef, r.inject)));
          return runtime.engine.add(
            new ReactorHandler({ name: r.name, categories: r.categories, react }, pipeline, checkpoints, clock, logger),
          );
        },
      })),
    ];

    @Injectable()
    class ContextRunner implements OnModuleInit {
      constructor(
        private readonly runtime: SubscriptionRuntime,
        private readonly moduleRef: ModuleRef,
        @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
        @Inject(SUBSCRIPTION_CHECKPOINTS) private readonly checkpoints: SubscriptionCheckpoints,
        @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
        @Inject(LOGGER) private readonly logger: Logger,
        @Inject(migrated) _migrated: boolean,
        // Made here so the subscriptions join the engine before it starts.
        @Inject(subscriptionTokensOf(declaration)) _subscriptions: Subscription[],
      ) {}

      onModuleInit(): void {
        const contract = declaration.publishes?.contract;
        if (contract) {
          this.runtime.publish(contract);
          this.runtime.engine.add(
            new GatewayHandler({ contract, publisher: this.publisher, checkpoints: this.checkpoints, logger: this.logger }),
          );
        }
        for (const t of declaration.timers ?? []) {
          let deps: unknown[] | null = null;
          this.runtime.addTimer({
            name: t.name,
            everyMs: typeof t.everyMs === 'function' ? t.everyMs(this.config) : t.everyMs,
            tick: (now) => t.tick(now, ...(deps ??= resolve(this.moduleRef, t.inject))),
          });
        }
      }
    }

    const inbound = inboundController(declaration);
    const providers: Provider[] = [
      {
        provide: migrated,
        inject: [SQL_POOL, UPCASTERS],
        useFactory: async (pool: SqlPool, upcasters: UpcasterChain) => {
          upcasters.add(declaration.upcasters ?? []);
          if (declaration.migrations?.length) await migrate(pool, declaration.name, declaration.migrations);
          return true;
        },
      },
      ...subscriptionProviders,
      {
        provide: subscriptionTokensOf(declaration),
        inject: subscriptionProviders.map((p) => (p as { provide: symbol }).provide),
        useFactory: (...subscriptions: Subscription[]) => subscriptions,
      },
      {
        provide: inboundToken(declaration.name),
        inject: [COMMAND_PIPELINE, CLOCK, MESSAGE_PUBLISHER, LOGGER, ModuleRef],
        useFactory: (pipeline: CommandPipeline, clock: Clock, deadLetters: MessagePublisher, logger: Logger, moduleRef: ModuleRef) =>
          new Map(
            (declaration.consumes ?? []).map((c) => {
              let deps: unknown[] | null = null;
              const injected = () => (deps ??= resolve(moduleRef, c.inject));
              const name = `${declaration.name}.${c.name}`;
              const inbound: InboundDeclaration = c.handleBatch
                ? { name, topic: c.topic, handleBatch: (events) => c.handleBatch(events, ...injected()) }
                : { name, topic: c.topic, handle: (event) => c.handle!(event, ...injected()) };
              return [c.name, new InboundConsumer(inbound, { pipeline, clock, deadLetters, logger })] as const;
            }),
          ),
      },
      ContextRunner,
      ...(declaration.providers ?? []),
    ];
    // A class per context, so that two contexts of one process are two modules (and name themselves in logs).
    const module = class extends ContextModule {};
    Object.defineProperty(module, 'name', { value: `ContextModule(${declaration.name})` });
    return {
      module,
      imports: [
        ...(declaration.entities?.length ? [TypeOrmModule.forFeature([...declaration.entities])] : []),
        ...(declaration.imports ?? []),
      ],
      controllers: [...(declaration.controllers ?? []), ...(inbound ? [inbound] : [])],
      providers,
      exports: [
        ...(declaration.exports ?? []),
        migrated,
        inboundToken(declaration.name),
        ...subscriptionProviders.map((p) => (p as { provide: symbol }).provide),
      ],
    };
  }
}

const subscriptionTokensOf = (declaration: ContextDeclaration): symbol => Symbol.for(`luotsi.context.${declaration.name}.subscriptions`);
