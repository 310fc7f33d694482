import { resolve } from 'node:path';

export type DatabaseConfig =
  { kind: 'postgres'; url: string; schema?: string; poolSize?: number } | { kind: 'pglite'; dataDir: string | undefined };

/**
 * DATABASE_URL (postgres://…) picks the PostgreSQL server; without it the embedded default is PGlite
 * under LUOTSI_DATA_DIR (./.luotsi-data). `memory` keeps PGlite in memory (tests, demos).
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env, schema?: string): DatabaseConfig {
  const url = env['DATABASE_URL'];
  if (url) {
    const size = env['DATABASE_POOL_SIZE'];
    const poolSize = size ? Number(size) : undefined;
    if (poolSize !== undefined && (!Number.isSafeInteger(poolSize) || poolSize < 1))
      throw new Error(`DATABASE_POOL_SIZE must be a positive whole number, got ${size}`);
    return { kind: 'postgres', url, ...(schema ? { schema } : {}), ...(poolSize !== undefined ? { poolSize } : {}) };
  }
  const dir = env['LUOTSI_DATA_DIR'] ?? '.luotsi-data';
  return { kind: 'pglite', dataDir: dir === 'memory' ? undefined : resolve(dir) };
}
