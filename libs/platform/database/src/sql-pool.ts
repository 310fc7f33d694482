/**
 * The slice of node-postgres that Luotsi's own SQL code uses. Both the PostgreSQL server pool and
 * the embedded PGlite pool implement it, so the event store and the migrations are written once.
 */
export interface SqlResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Runs the statement as a named prepared statement: parsed and planned once per connection, not
   * on every call (PostgreSQL; PGlite runs it as usual). For a hot statement whose text never
   * changes; one name, one text.
   */
  name?: string;
}

export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<R>>;
}

export interface SqlLease extends SqlClient {
  release(error?: Error): void;
}

export type SqlPoolKind = 'postgres' | 'pglite';

export interface SqlPool extends SqlClient {
  readonly kind: SqlPoolKind;
  /** Takes one connection for a transaction; on PGlite it is exclusive until released. */
  connect(): Promise<SqlLease>;
  end(): Promise<void>;
}

/** Runs `work` inside BEGIN/COMMIT on one leased connection; rolls back on any error. */
export async function inTransaction<T>(pool: SqlPool, work: (tx: SqlClient) => Promise<T>): Promise<T> {
  const lease = await pool.connect();
  try {
    await lease.query('BEGIN');
    const result = await work(lease);
    await lease.query('COMMIT');
    return result;
  } catch (error) {
    await lease.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    lease.release();
  }
}
