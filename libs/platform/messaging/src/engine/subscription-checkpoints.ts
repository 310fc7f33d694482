import { inTransaction, migrate, type Migration, type SqlPool } from '@luotsi/database';

/** The one checkpoint table of every subscription (gateway, projection, reactor). */
export const SUBSCRIPTION_CHECKPOINT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscription checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS subscription_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`,
  },
];

/** A query inside the caller's transaction (a TypeORM entity manager's, or a pool client's). */
export type CheckpointQuery = (sql: string, params: unknown[]) => Promise<Array<{ position: string | number }>>;

/**
 * Inside a batch's transaction: the subscription's stored position, its row made if missing (at 0)
 * and locked until the commit, so a second runner's batch waits and then sees where this one left
 * it. One round trip in the common case; the locking read does not see the CTE's own insert (one
 * snapshot), so exactly one branch answers.
 */
export async function lockCheckpoint(query: CheckpointQuery, name: string): Promise<number> {
  const rows = await query(
    `WITH made AS (INSERT INTO subscription_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING RETURNING position),
          held AS (SELECT position FROM subscription_checkpoints WHERE name = $1 FOR UPDATE)
     SELECT position FROM made UNION ALL SELECT position FROM held`,
    [name],
  );
  // Empty only when another runner made the row while this statement waited: read it again.
  if (rows.length === 0) rows.push(...(await query('SELECT position FROM subscription_checkpoints WHERE name = $1 FOR UPDATE', [name])));
  return Number(rows[0]!.position);
}

/** Inside the transaction that locked it (lockCheckpoint): the checkpoint moved to the batch's last position. */
export async function moveCheckpoint(query: CheckpointQuery, name: string, position: number): Promise<void> {
  await query('UPDATE subscription_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [name, position]);
}

/** The tables of the loops the engine replaced; their rows are moved over on a subscription's first start. */
const LEGACY_TABLES = ['relay_checkpoints', 'projection_checkpoints'] as const;

export class SubscriptionCheckpoints {
  private constructor(readonly pool: SqlPool) {}

  static async open(pool: SqlPool): Promise<SubscriptionCheckpoints> {
    await migrate(pool, 'subscriptions', SUBSCRIPTION_CHECKPOINT_MIGRATIONS);
    return new SubscriptionCheckpoints(pool);
  }

  /**
   * Makes sure the subscription has its row, taking over the position of the relay or projection of
   * the same name from the old tables (and deleting it there), so that an existing database goes
   * on where it was. Moved, not copied: a later rebuild that deletes the new row must start from 0,
   * and an old loop of another context still running on the old table is left alone.
   */
  async adopt(name: string): Promise<number> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscription_checkpoints:${name}`]);
      let legacy = 0;
      for (const table of LEGACY_TABLES) {
        const exists = await tx.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
        if (!exists.rows[0]?.t) continue;
        const { rows } = await tx.query<{ position: string | number }>(`DELETE FROM ${table} WHERE name = $1 RETURNING position`, [name]);
        for (const row of rows) legacy = Math.max(legacy, Number(row.position));
      }
      const { rows } = await tx.query<{ position: string | number }>(
        `INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(subscription_checkpoints.position, EXCLUDED.position)
         RETURNING position`,
        [name, legacy],
      );
      return Number(rows[0]!.position);
    });
  }

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ position: string | number }>('SELECT position FROM subscription_checkpoints WHERE name = $1', [
      name,
    ]);
    return rows[0] ? Number(rows[0].position) : 0;
  }

  /** Never moves backwards, so a late save from a stale leader cannot rewind a subscription. */
  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO subscription_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(subscription_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [name, position],
    );
  }
}
