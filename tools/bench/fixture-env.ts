import { BENCH_ISSUER, benchJwks } from './bench-tokens';

/**
 * The environment a bench's fixture service (tools/bench/fixtures) starts with: the bench's
 * database schema and port, no broker, and the bench's own issuer, whose keys it trusts in-process
 * (BENCH_JWKS) instead of fetching them. `extra` adds or overrides.
 */
export function fixtureServiceEnv(url: string, schema: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    PORT: String(port),
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: '',
    OIDC_ISSUER: '',
    OIDC_JWKS_URI: '',
    BENCH_ISSUER,
    BENCH_JWKS: JSON.stringify(benchJwks),
    ...extra,
  };
}
