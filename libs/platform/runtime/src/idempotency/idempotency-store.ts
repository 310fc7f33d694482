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
  private constructor(
    private readonly pool: SqlPool,
    private readonly ttlMs: number,
  ) {}

  /** `ttlMs`: how long an answer is kept and replayed (24 h unless configured). */
  static async open(pool: SqlPool, ttlMs = 24 * 60 * 60_000): Promise<IdempotencyStore> {
    await migrate(pool, 'idempotency', MIGRATIONS);
    return new IdempotencyStore(pool, ttlMs);
  }

  static hash(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('hex');
  }

  /** `notBefore`: answers stored earlier have expired and are not replayed. */
  async find(scope: string, key: string, requestHash: string, notBefore?: Date): Promise<StoredResponse | null> {
    const { rows } = notBefore
      ? await this.pool.query<{ request_hash: string; status: number; body: unknown }>(
          'SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at >= $3',
          [scope, key, notBefore.toISOString()],
        )
      : await this.pool.query<{ request_hash: string; status: number; body: unknown }>(
          'SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2',
          [scope, key],
        );
    const row = rows[0];
    if (!row) return null;
    if (row.request_hash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request', { key }, 'rule');
    }
    return { status: row.status, body: row.body };
  }

  /** Keeps the first answer if two retries race; returns the one that is stored. */
  async remember(scope: string, key: string, requestHash: string, response: StoredResponse, at?: Date): Promise<StoredResponse> {
    if (at) {
      // An expired answer gives way to the new one.
      await this.pool.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at
         WHERE idempotency_keys.created_at < $7`,
        [
          scope,
          key,
          requestHash,
          response.status,
          JSON.stringify(response.body),
          at.toISOString(),
          new Date(at.getTime() - this.ttlMs).toISOString(),
        ],
      );
      return (await this.find(scope, key, requestHash)) ?? response;
    }
    await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash, response.status, JSON.stringify(response.body)],
    );
    return (await this.find(scope, key, requestHash)) ?? response;
  }

  /** Deletes the answers stored before `notBefore` (they are no longer replayed). */
  async purgeOlderThan(notBefore: Date): Promise<number> {
    const { rows } = await this.pool.query<{ n: string | number }>(
      'WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
      [notBefore.toISOString()],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/** Event ids derived from the key: a retry that slips past the stored answer still writes nothing twice. */
export const eventIdFor = deterministicEventId;
