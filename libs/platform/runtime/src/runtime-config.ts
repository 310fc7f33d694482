import { databaseConfigFromEnv, type DatabaseConfig } from '@luotsi/database';
import { kafkaBrokersFromEnv } from '@luotsi/messaging';

/** Everything a Luotsi process takes from its environment, read in one place. */
export interface RuntimeConfig {
  service: string;
  port: number;
  database: DatabaseConfig;
  /** esdb://… → EventStoreDB as the event store. */
  eventStoreUrl: string | undefined;
  /** Set → Kafka; unset → the in-process bus. */
  kafkaBrokers: string[] | undefined;
  logLevel: string;
  /** LUOTSI_FIXED_NOW: a fixed instant for demos and end-to-end tests; unset in production. */
  fixedNow: string | undefined;
}

export function runtimeConfigFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env['PORT']}`);
  return {
    service,
    port,
    database: databaseConfigFromEnv(env, env['DATABASE_SCHEMA'] || undefined),
    eventStoreUrl: env['EVENTSTORE_URL'] || undefined,
    kafkaBrokers: kafkaBrokersFromEnv(env),
    logLevel: env['LOG_LEVEL'] ?? 'info',
    fixedNow: env['LUOTSI_FIXED_NOW'] || undefined,
  };
}

export function describeModes(config: RuntimeConfig): Record<string, string> {
  return {
    eventStore: config.eventStoreUrl ? 'eventstoredb' : config.database.kind,
    readModels: config.database.kind,
    bus: config.kafkaBrokers ? 'kafka' : 'in-process',
  };
}
