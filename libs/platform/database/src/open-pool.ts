import type { DatabaseConfig } from './database-config';
import { PglitePool } from './pglite-pool';
import { ensureSchema, PostgresPool } from './postgres-pool';
import type { SqlPool } from './sql-pool';

export async function openPool(config: DatabaseConfig, applicationName = 'luotsi'): Promise<SqlPool> {
  if (config.kind === 'pglite') return PglitePool.open(config.dataDir);
  if (config.schema) await ensureSchema(config.url, config.schema);
  const options = {
    url: config.url,
    applicationName,
    ...(config.schema ? { schema: config.schema } : {}),
    ...(config.poolSize ? { max: config.poolSize } : {}),
  };
  return new PostgresPool(options);
}
