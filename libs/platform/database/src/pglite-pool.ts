import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { AsyncMutex } from './async-mutex';
import type { SqlLease, SqlPool, SqlResult } from './sql-pool';

type PgliteResult = { rows: unknown[]; affectedRows?: number };

/**
 * PGlite behind the SqlPool port. PGlite runs one PostgreSQL session with no isolation between
 * concurrent transactions, so a lease is exclusive: every transaction, whoever issues it (event
 * store, TypeORM read models, checkpoints), runs alone. Code holding a lease must not ask the pool
 * for another one: that waits forever.
 */
export class PglitePool implements SqlPool {
  readonly kind = 'pglite' as const;
  private readonly mutex = new AsyncMutex();

  private constructor(
    readonly db: PGlite,
    readonly dataDir: string | undefined,
  ) {}

  /** `dataDir` undefined → in memory (tests); otherwise a directory that persists across restarts. */
  static async open(dataDir?: string): Promise<PglitePool> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    return new PglitePool(db, dataDir);
  }

  async query<R>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    const lease = await this.connect();
    try {
      return await lease.query<R>(sql, params);
    } finally {
      lease.release();
    }
  }

  async connect(): Promise<SqlLease> {
    const unlock = await this.mutex.acquire();
    const state = { released: false };
    return {
      query: <R>(sql: string, params?: readonly unknown[]) => this.run<R>(state, sql, params),
      release: () => {
        if (state.released) return;
        state.released = true;
        unlock();
      },
    };
  }

  private async run<R>(state: { released: boolean }, sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    if (state.released) throw new Error('PglitePool: query on a released lease');
    const result = await this.execute(sql, params);
    // PGlite reports affectedRows 0 for a SELECT: count the rows it returned instead.
    return { rows: result.rows as R[], rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  }

  /** Parameterless SQL may hold several statements (migrations): run it with exec, keep the last result. */
  async execute(sql: string, params?: readonly unknown[]): Promise<PgliteResult> {
    if (params && params.length > 0) return this.db.query(sql, params as unknown[]);
    const results = await this.db.exec(sql);
    return results[results.length - 1] ?? { rows: [] };
  }

  async end(): Promise<void> {
    const unlock = await this.mutex.acquire();
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      unlock();
    }
  }
}
