import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ContextContract } from '@luotsi/contracts';
import { InProcessTransport, PrefixedKafkaServer, prefixedTopic, type InProcessBus } from '@luotsi/messaging';
import type { Logger } from 'pino';
import { embeddedIssuer } from './auth/embedded-issuer';
import { configureHttp } from './http/configure-http';
import { HTTP_APP_OPTIONS } from './http/route-options';
import { OperationsModule } from './health/operations.module';
import { PinoNestLogger } from './logger';
import { RelayRegistry } from './messaging/relay-registry';
import { SubscriptionRuntime } from './context/subscription-runtime';
import { describeModes, runtimeConfigFromEnv, type RuntimeConfig } from './runtime-config';
import { IN_PROCESS_BUS, LOGGER } from './tokens';

export interface ServiceDefinition {
  /** `luotsi` for the all-in-one process, else the service's name. */
  service: string;
  title: string;
  description: string;
  module: (config: RuntimeConfig) => DynamicModule;
  /** Contracts whose topics this process consumes (their topics are created on Kafka if missing). */
  consumes: readonly ContextContract[];
  /** The all-in-one app: without OIDC_ISSUER (and not in production) it runs the development issuer. */
  embeddedIssuer?: boolean;
  /** Mounts what else the process serves beside its API (the all-in-one app: the web app's files), before Nest's routes. */
  mount?: (app: INestApplication, config: RuntimeConfig) => void;
}

/** Creates the NestJS application with the platform's HTTP conventions, without listening yet. */
export async function createServiceApp(
  definition: ServiceDefinition,
  config: RuntimeConfig = runtimeConfigFromEnv(definition.service),
): Promise<INestApplication> {
  const app = await NestFactory.create(
    { module: class LuotsiServiceRoot {}, imports: [definition.module(config), OperationsModule] },
    { bufferLogs: true, ...HTTP_APP_OPTIONS },
  );
  return configureServiceApp(app, definition, config);
}

/** The platform's conventions on an application (also one made by Nest's testing module). */
export async function configureServiceApp(
  app: INestApplication,
  definition: ServiceDefinition,
  config: RuntimeConfig,
): Promise<INestApplication> {
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  configureHttp(app);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(definition.title).setDescription(definition.description).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  const registry = app.get(RelayRegistry);
  if (config.kafkaBrokers) {
    await registry.ensureTopics(definition.consumes);
    const strategy = new PrefixedKafkaServer(
      {
        client: { clientId: `luotsi-${config.service}`, brokers: config.kafkaBrokers },
        consumer: {
          groupId: prefixedTopic(config.kafkaTopicPrefix, `luotsi-${config.service}`),
          sessionTimeout: 30_000,
          heartbeatInterval: 3_000,
          allowAutoTopicCreation: false,
        },
        subscribe: { fromBeginning: true },
        postfixId: '',
      },
      config.kafkaTopicPrefix,
    );
    app.connectMicroservice<MicroserviceOptions>({ strategy });
  } else {
    app.connectMicroservice<MicroserviceOptions>({ strategy: new InProcessTransport(app.get<InProcessBus>(IN_PROCESS_BUS)) });
  }
  return app;
}

/** Consumers first, then the relays, then HTTP: no event is relayed before its handlers listen. */
export async function startServiceApp(
  app: INestApplication,
  config: RuntimeConfig,
  host = config.host,
  listen = true,
  startInfo: Record<string, string> = {},
): Promise<string> {
  await app.startAllMicroservices();
  await app.init();
  await app.get(RelayRegistry).startAll();
  await app.get(SubscriptionRuntime).startAll();
  if (!listen) return '';
  await app.listen(config.port, host);
  const url = await app.getUrl();
  if (config.fixedNow)
    app.get<Logger>(LOGGER).warn({ fixedNow: config.fixedNow }, 'the clock is fixed by LUOTSI_FIXED_NOW: for demos and tests only');
  app
    .get<Logger>(LOGGER)
    .info(
      { url, docs: `${url}/docs`, ...describeModes(config), ...startInfo },
      `Luotsi ${config.service} listening on ${url}${startInfo['signIn'] ? `; sign in at ${startInfo['signIn']}` : ''}`,
    );
  return url;
}

export async function runService(definition: ServiceDefinition): Promise<void> {
  let config = runtimeConfigFromEnv(definition.service);
  const issuer = definition.embeddedIssuer ? await embeddedIssuer(config) : undefined;
  if (issuer) config = issuer.config;
  const app = await createServiceApp(definition, config);
  issuer?.mount(app);
  definition.mount?.(app, config);
  await startServiceApp(app, config, config.host, true, issuer?.startInfo);
}
