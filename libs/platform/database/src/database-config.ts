import { resolve } from 'node:path';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; schema?: string }
  | { kind: 'pglite'; dataDir: string | undefined };

/**
 * DATABASE_URL (postgres://…) picks the PostgreSQL server; without it the embedded default is PGlite
 * under LUOTSI_DATA_DIR (./.luotsi-data). `memory` keeps PGlite in memory (tests, demos).
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env, schema?: string): DatabaseConfig {
  const url = env['DATABASE_URL'];
  if (url) return schema ? { kind: 'postgres', url, schema } : { kind: 'postgres', url };
  const dir = env['LUOTSI_DATA_DIR'] ?? '.luotsi-data';
  return { kind: 'pglite', dataDir: dir === 'memory' ? undefined : resolve(dir) };
}
