import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOCK, FixedClock } from '@luotsi/kernel';
import { TEST_ISSUER, testJwks } from '@luotsi/auth/testing';
import { dropSchema } from '@luotsi/database';
import { configureServiceApp, startServiceApp, type ServiceDefinition } from '../bootstrap';
import { OperationsModule } from '../health/operations.module';
import { HTTP_APP_OPTIONS } from '../http/route-options';
import { RUNTIME_DEFAULTS, runtimeConfigFromEnv, type RuntimeConfig } from '../runtime-config';

export type TestDatabase = 'pglite' | 'postgres';

export interface TestApp {
  app: INestApplication;
  clock: FixedClock;
  config: RuntimeConfig;
  server: ReturnType<INestApplication['getHttpServer']>;
  close(): Promise<void>;
}

/**
 * A whole service as in production (real PGlite or PostgreSQL, the in-process bus, the same HTTP
 * conventions), with a fixed clock the test moves. PostgreSQL gets a fresh schema per app.
 */
export async function startTestApp(
  definition: ServiceDefinition,
  database: TestDatabase,
  options: {
    now?: string;
    postgresUrl?: string | undefined;
    config?: Partial<RuntimeConfig>;
    beforeInit?: (app: INestApplication) => void;
  } = {},
): Promise<TestApp> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const fromEnv = runtimeConfigFromEnv(definition.service);
  const config: RuntimeConfig = {
    service: definition.service,
    port: 0,
    database: database === 'postgres' ? { kind: 'postgres', url: options.postgresUrl!, schema } : { kind: 'pglite', dataDir: undefined },
    eventStoreUrl: undefined,
    kafkaBrokers: undefined,
    logLevel: process.env['LUOTSI_TEST_LOG_LEVEL'] ?? 'warn',
    fixedNow: undefined,
    identityKey: undefined,
    // Its own registry too: erasure tombstones of one test must not refuse another test's people.
    registrySchema: database === 'postgres' ? `${schema}_registry` : 'luotsi_registry',
    ...RUNTIME_DEFAULTS,
    // And its own access log: entries of earlier runs would otherwise be counted by this one.
    accessLogSchema: database === 'postgres' ? `${schema}_access` : RUNTIME_DEFAULTS.accessLogSchema,
    kafkaTopicPrefix: fromEnv.kafkaTopicPrefix,
    // Tests make due changes happen by calling the processor, not by waiting for a timer.
    dueChangesIntervalMs: fromEnv.dueChangesIntervalMs,
    // Tokens from @luotsi/auth/testing (bearer, testToken, the `as` callers) are what it accepts.
    oidc: { ...RUNTIME_DEFAULTS.oidc, issuer: TEST_ISSUER, jwks: testJwks() },
    ...options.config,
  };
  const clock = new FixedClock(options.now ?? '2026-11-23T10:00:00Z');
  const moduleRef = await Test.createTestingModule({ imports: [definition.module(config), OperationsModule] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false, ...HTTP_APP_OPTIONS });
  await configureServiceApp(app, definition, config);
  options.beforeInit?.(app);
  await startServiceApp(app, config, '127.0.0.1', false);
  return {
    app,
    clock,
    config,
    server: app.getHttpServer(),
    close: async () => {
      await app.close();
      if (database === 'postgres') {
        await dropSchema(options.postgresUrl!, schema);
        await dropSchema(options.postgresUrl!, config.registrySchema);
        await dropSchema(options.postgresUrl!, config.accessLogSchema);
      }
    },
  };
}
