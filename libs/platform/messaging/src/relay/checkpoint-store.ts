import { migrate, type Migration, type SqlPool } from '@luotsi/database';

/** Where a relay or projection remembers the last global position it finished. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'relay checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS relay_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`,
  },
];

/**
 * @deprecated The engine's `SubscriptionCheckpoints` (`subscription_checkpoints`).
 */
export class SqlCheckpointStore implements CheckpointStore {
  private constructor(private readonly pool: SqlPool) {}

  static async open(pool: SqlPool): Promise<SqlCheckpointStore> {
    await migrate(pool, 'relay', MIGRATIONS);
    return new SqlCheckpointStore(pool);
  }

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ position: string | number }>('SELECT position FROM relay_checkpoints WHERE name = $1', [name]);
    return rows[0] ? Number(rows[0].position) : 0;
  }

  /** Never moves backwards, so a late save from a stale instance cannot rewind the relay. */
  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO relay_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(relay_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [name, position],
    );
  }
}

/**
 * @deprecated The engine's `SubscriptionCheckpoints`; only the event-store bench still uses this.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();
  async load(name: string): Promise<number> {
    return this.positions.get(name) ?? 0;
  }
  async save(name: string, position: number): Promise<void> {
    this.positions.set(name, Math.max(position, this.positions.get(name) ?? 0));
  }
}
