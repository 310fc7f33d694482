import { databaseConfigFromEnv, type DatabaseConfig } from '@luotsi/database';
import { kafkaBrokersFromEnv } from '@luotsi/messaging';
import type { AssuranceLevel } from '@luotsi/auth';
import type { JSONWebKeySet } from 'jose';

/** How bearer tokens are verified (see the platform's TOKEN_VERIFIER). */
export interface OidcConfig {
  /**
   * OIDC_ISSUER: the `iss` every token must carry (Keycloak: http://host/realms/luotsi). Unset: no
   * issuer is configured; the all-in-one app then starts its development issuer and sets this to it,
   * and any other process refuses every token (TOKEN_INVALID) until one is configured.
   */
  issuer: string | undefined;
  /** OIDC_AUDIENCE: the `aud` a token must include (default luotsi-api). */
  audience: string;
  /** OIDC_JWKS_URI: the issuer's keys when discovery's URL is not reachable from here (compose). */
  jwksUri: string | undefined;
  /** Keys given in-process (the embedded development issuer, tests); wins over jwksUri. */
  jwks?: JSONWebKeySet;
  /** LUOTSI_RESIDENT_ACR: the lowest level of assurance a resident's token may have (default substantial). */
  residentAcr: AssuranceLevel;
}

/** Per-user limits of a rate-limited kind of request (see @RateLimited). */
export interface RateLimit {
  perMinute: number;
  perDay: number;
}

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
  /**
   * LUOTSI_REGISTRY_SCHEMA: the identity registry's schema, shared by the services of one
   * installation (luotsi_registry); a test app gets its own.
   */
  registrySchema: string;
  /**
   * LUOTSI_ACCESS_SCHEMA: the access log's schema, shared by the services of one installation
   * (luotsi_access); a test app gets its own, so that entries do not pile up across runs.
   */
  accessLogSchema: string;
  /** HOST: the interface HTTP listens on. */
  host: string;
  /** KAFKA_TOPIC_PREFIX: installations sharing one cluster; '' in a county's own. */
  kafkaTopicPrefix: string;
  /** LUOTSI_CONFIG_CACHE_MS: how long a process may reuse configuration it read from the log. */
  configCacheMs: number;
  /** LUOTSI_DUE_CHANGES_INTERVAL_MS: how often due listing changes are made (0: never by timer). */
  dueChangesIntervalMs: number;
  /** LUOTSI_IDEMPOTENCY_TTL_MS: how long an Idempotency-Key's answer is kept and replayed. */
  idempotencyTtlMs: number;
  /**
   * LUOTSI_FEE_GUARDIAN_DEFAULT: whose total a minor's client fees join when the register's
   * guardianship row does not say and the child has two guardians: `first-recorded` (the default:
   * the guardian recorded first keeps them) or `last-recorded` (a newly recorded guardian takes them).
   */
  feeGuardianDefault: 'first-recorded' | 'last-recorded';
  /**
   * What the access guard does with a route that declares neither `@Roles`/`@Access` nor `@Public`:
   * `refuse` (403 ACCESS_UNDECLARED on every such route), or `refuse-in-declared-contexts` (only on
   * the controllers of a context declaration) while a context still checks roles in its methods.
   * Not read from the environment: opening routes is a code change, not a deployment setting.
   */
  accessUndeclared: AccessUndeclared;
  /** LUOTSI_READINESS_MAX_LAG: events a subscription may lag behind its head and the process still be ready. */
  readinessMaxLag: number;
  /** NODE_ENV: 'production' refuses the development issuer and development keys. */
  nodeEnv: string | undefined;
  oidc: OidcConfig;
  /**
   * Limits per user (token subject) by kind: `identity-lookup` from LUOTSI_LOOKUP_LIMIT_PER_MINUTE
   * (30) and LUOTSI_LOOKUP_LIMIT_PER_DAY (300); `ask-for-help` (the public form, per client
   * address) from LUOTSI_ASK_FOR_HELP_LIMIT_PER_MINUTE (5) and LUOTSI_ASK_FOR_HELP_LIMIT_PER_DAY (50).
   */
  rateLimits: Record<string, RateLimit>;
  /**
   * The municipalities' feed: LUOTSI_FEED_RETENTION_DAYS (30), the retention of the municipality
   * topics (older history is replayed from the event store over HTTP); LUOTSI_FEED_REPORT_INTERVAL_MS
   * (1 h; 0 never), how often the feed checks for a closed quarter whose reports are not made yet.
   */
  municipalityFeed: { retentionDays: number; reportIntervalMs: number };
}

export type AccessUndeclared = 'refuse' | 'refuse-in-declared-contexts';

function nonNegative(env: NodeJS.ProcessEnv, name: string, fallback: number, unit = 'milliseconds'): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number of ${unit}, got ${raw}`);
  return n;
}

/** The settings that are not about where things run, as a test or a local run would have them. */
export const RUNTIME_DEFAULTS = {
  host: '127.0.0.1',
  accessLogSchema: 'luotsi_access',
  kafkaTopicPrefix: '',
  configCacheMs: 1000,
  dueChangesIntervalMs: 60_000,
  idempotencyTtlMs: 24 * 60 * 60_000,
  feeGuardianDefault: 'first-recorded',
  accessUndeclared: 'refuse' as AccessUndeclared,
  readinessMaxLag: 10_000,
  nodeEnv: undefined,
  oidc: { issuer: undefined, audience: 'luotsi-api', jwksUri: undefined, residentAcr: 'substantial' },
  rateLimits: { 'identity-lookup': { perMinute: 30, perDay: 300 }, 'ask-for-help': { perMinute: 5, perDay: 50 } },
  municipalityFeed: { retentionDays: 30, reportIntervalMs: 60 * 60_000 },
} as RuntimeDefaults;

type RuntimeDefaults = Pick<
  RuntimeConfig,
  | 'host'
  | 'accessLogSchema'
  | 'kafkaTopicPrefix'
  | 'configCacheMs'
  | 'dueChangesIntervalMs'
  | 'idempotencyTtlMs'
  | 'feeGuardianDefault'
  | 'accessUndeclared'
  | 'readinessMaxLag'
  | 'nodeEnv'
  | 'oidc'
  | 'rateLimits'
  | 'municipalityFeed'
>;

const ACR_LEVELS: readonly AssuranceLevel[] = ['low', 'substantial', 'high'];

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = nonNegative(env, name, fallback);
  if (n === 0) throw new Error(`${name} must be at least 1, got 0`);
  return n;
}

export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConfig {
  const residentAcr = (env['LUOTSI_RESIDENT_ACR'] || 'substantial') as AssuranceLevel;
  if (!ACR_LEVELS.includes(residentAcr)) throw new Error(`LUOTSI_RESIDENT_ACR must be one of ${ACR_LEVELS.join(', ')}, got ${residentAcr}`);
  const issuer = env['OIDC_ISSUER'] || undefined;
  if (issuer === undefined && env['NODE_ENV'] === 'production') throw new Error('OIDC_ISSUER is required when NODE_ENV=production');
  return { issuer, audience: env['OIDC_AUDIENCE'] || 'luotsi-api', jwksUri: env['OIDC_JWKS_URI'] || undefined, residentAcr };
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
    registrySchema: env['LUOTSI_REGISTRY_SCHEMA'] || 'luotsi_registry',
    accessLogSchema: env['LUOTSI_ACCESS_SCHEMA'] || RUNTIME_DEFAULTS.accessLogSchema,
    host: env['HOST'] || RUNTIME_DEFAULTS.host,
    kafkaTopicPrefix: env['KAFKA_TOPIC_PREFIX'] ?? RUNTIME_DEFAULTS.kafkaTopicPrefix,
    configCacheMs: nonNegative(env, 'LUOTSI_CONFIG_CACHE_MS', RUNTIME_DEFAULTS.configCacheMs),
    dueChangesIntervalMs: nonNegative(env, 'LUOTSI_DUE_CHANGES_INTERVAL_MS', RUNTIME_DEFAULTS.dueChangesIntervalMs),
    idempotencyTtlMs: nonNegative(env, 'LUOTSI_IDEMPOTENCY_TTL_MS', RUNTIME_DEFAULTS.idempotencyTtlMs),
    feeGuardianDefault: feeGuardianDefaultFromEnv(env),
    accessUndeclared: RUNTIME_DEFAULTS.accessUndeclared,
    readinessMaxLag: nonNegative(env, 'LUOTSI_READINESS_MAX_LAG', RUNTIME_DEFAULTS.readinessMaxLag, 'events'),
    nodeEnv: env['NODE_ENV'] || undefined,
    oidc: oidcConfigFromEnv(env),
    rateLimits: {
      'identity-lookup': {
        perMinute: positive(env, 'LUOTSI_LOOKUP_LIMIT_PER_MINUTE', 30),
        perDay: positive(env, 'LUOTSI_LOOKUP_LIMIT_PER_DAY', 300),
      },
      'ask-for-help': {
        perMinute: positive(env, 'LUOTSI_ASK_FOR_HELP_LIMIT_PER_MINUTE', 5),
        perDay: positive(env, 'LUOTSI_ASK_FOR_HELP_LIMIT_PER_DAY', 50),
      },
    },
    municipalityFeed: {
      retentionDays: positive(env, 'LUOTSI_FEED_RETENTION_DAYS', RUNTIME_DEFAULTS.municipalityFeed.retentionDays),
      reportIntervalMs: nonNegative(env, 'LUOTSI_FEED_REPORT_INTERVAL_MS', RUNTIME_DEFAULTS.municipalityFeed.reportIntervalMs),
    },
  };
}

function feeGuardianDefaultFromEnv(env: NodeJS.ProcessEnv): RuntimeConfig['feeGuardianDefault'] {
  const value = env['LUOTSI_FEE_GUARDIAN_DEFAULT'] || RUNTIME_DEFAULTS.feeGuardianDefault;
  if (value !== 'first-recorded' && value !== 'last-recorded')
    throw new Error(`LUOTSI_FEE_GUARDIAN_DEFAULT must be first-recorded or last-recorded, got ${value}`);
  return value;
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
    identity: config.oidc.issuer ?? 'none (every token refused)',
  };
}
