import { createHash } from 'node:crypto';
import { DomainError } from '@luotsi/kernel';
import { migrate, type Migration, type SqlPool } from '@luotsi/database';
import { deterministicEventId } from '@luotsi/eventstore';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status integer NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key))`,
  },
];

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Remembers the first answer to a command sent with an Idempotency-Key, so that a retry gets the
 * same answer and writes nothing more. The same key with a different request is refused.
 */
export class IdempotencyStore {
  private constructor(private readonly pool: SqlPool) {}

  static async open(pool: SqlPool): Promise<IdempotencyStore> {
    await migrate(pool, 'idempotency', MIGRATIONS);
    return new IdempotencyStore(pool);
  }

  static hash(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('hex');
  }

  async find(scope: string, key: string, requestHash: string): Promise<StoredResponse | null> {
    const { rows } = await this.pool.query<{ request_hash: string; status: number; body: unknown }>('SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
    const row = rows[0];
    if (!row) return null;
    if (row.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request', { key }, 'rule');
    }
    return { status: row.status, body: row.body };
  }

  /** Keeps the first answer if two retries race; returns the one that is stored. */
  async remember(scope: string, key: string, requestHash: string, response: StoredResponse): Promise<StoredResponse> {
    await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash, response.status, JSON.stringify(response.body)],
    );
    return (await this.find(scope, key, requestHash)) ?? response;
  }
}

/** Event ids derived from the key: a retry that slips past the stored answer still writes nothing twice. */
export const eventIdFor = deterministicEventId;
