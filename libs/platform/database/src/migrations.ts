import { inTransaction, type SqlPool } from './sql-pool';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Run the SQL as one statement (function bodies contain semicolons). */
  single?: boolean;
}

/**
 * Applies a component's versioned SQL migrations once each, in order. A transaction-scoped
 * advisory lock keeps two processes starting at once from applying the same version twice.
 */
export async function migrate(pool: SqlPool, component: string, migrations: readonly Migration[]): Promise<number[]> {
  await pool.query(`CREATE TABLE IF NOT EXISTS luotsi_migrations (
    component text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (component, version))`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    await inTransaction(pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`luotsi_migrations:${component}`]);
      const done = await tx.query('SELECT 1 FROM luotsi_migrations WHERE component = $1 AND version = $2', [component, migration.version]);
      if (done.rows.length > 0) return;
      for (const statement of migration.single ? [migration.sql] : splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO luotsi_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}

/** Migrations are plain statements separated by semicolons at line ends (no functions with bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
