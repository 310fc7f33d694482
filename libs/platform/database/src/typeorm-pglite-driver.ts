import { EventEmitter } from 'node:events';
import type { PglitePool } from './pglite-pool';
import type { SqlLease } from './sql-pool';

type Callback = (error: Error | null, result?: unknown) => void;

/** What TypeORM reads from a node-postgres result: rows, rowCount and the command tag. */
function pgShaped(sql: string, rows: unknown[], rowCount: number) {
  const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  return { rows, rowCount, command };
}

class LeaseConnection extends EventEmitter {
  constructor(private readonly lease: SqlLease) {
    super();
  }

  query(sql: string, params?: unknown[] | Callback, callback?: Callback): Promise<unknown> {
    const cb = typeof params === 'function' ? params : callback;
    const values = typeof params === 'function' ? undefined : params;
    const promise = this.lease.query(sql, values).then((r) => pgShaped(sql, r.rows, r.rowCount));
    if (cb)
      promise.then(
        (r) => cb(null, r),
        (e: Error) => cb(e),
      );
    return promise;
  }
}

/**
 * A stand-in for the `pg` module that TypeORM's postgres driver loads (its `driver` option), backed
 * by our serialised PGlite pool so read models share the one queue with the event store.
 */
export function typeormDriverFor(pool: PglitePool): { Pool: new () => EventEmitter } {
  class SerialPool extends EventEmitter {
    connect(callback?: (error: Error | null, connection?: LeaseConnection, release?: () => void) => void) {
      const leased = pool.connect().then((lease) => ({ lease, connection: new LeaseConnection(lease) }));
      if (!callback) return leased.then(({ connection, lease }) => Object.assign(connection, { release: () => lease.release() }));
      leased.then(
        ({ lease, connection }) => callback(null, connection, () => lease.release()),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    query(sql: string, params?: unknown[] | Callback, callback?: Callback): Promise<unknown> {
      const cb = typeof params === 'function' ? params : callback;
      const values = typeof params === 'function' ? undefined : params;
      const promise = pool.query(sql, values).then((r) => pgShaped(sql, r.rows, r.rowCount));
      if (cb)
        promise.then(
          (r) => cb(null, r),
          (e: Error) => cb(e),
        );
      return promise;
    }

    /** The PGlite instance belongs to the application, not to TypeORM: closing the DataSource keeps it. */
    end(callback?: (error?: Error | null) => void): Promise<void> {
      callback?.(null);
      return Promise.resolve();
    }
  }
  return { Pool: SerialPool };
}
