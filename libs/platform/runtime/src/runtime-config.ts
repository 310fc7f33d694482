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
  /**
   * LUOTSI_IDENTITY_KEY: the secret of the identity registry's keyed hashes (erasure tombstones).
   * Required in production; elsewhere unset means a development key kept in the registry itself.
   */
  identityKey: string | undefined;
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
    identityKey: identityKeyFromEnv(env),
  };
}

/** At least 32 characters (e.g. `openssl rand -base64 32`): the key is all that protects a tombstone. */
function identityKeyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const key = env['LUOTSI_IDENTITY_KEY'] || undefined;
  if (key !== undefined && key.length < 32) throw new Error('LUOTSI_IDENTITY_KEY must be at least 32 characters');
  if (key === undefined && env['NODE_ENV'] === 'production') throw new Error('LUOTSI_IDENTITY_KEY is required when NODE_ENV=production');
  return key;
}

export function describeModes(config: RuntimeConfig): Record<string, string> {
  return {
    eventStore: config.eventStoreUrl ? 'eventstoredb' : config.database.kind,
    readModels: config.database.kind,
    bus: config.kafkaBrokers ? 'kafka' : 'in-process',
  };
}
