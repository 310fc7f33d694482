import type { SqlLease, SqlPool } from '@luotsi/database';

/** Held while this process leads a named job; `lost` aborts when it stops leading. */
export interface LeaderHandle {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** Decides which of a service's replicas runs a job that one process should run at a time. */
export interface Leadership {
  /** Waits until this process leads `name`; null when `signal` aborts first. */
  acquire(name: string, signal: AbortSignal): Promise<LeaderHandle | null>;
}

/**
 * Advisory locks are per database; services (and test runs) share a database with a schema each,
 * so the key is the schema and the job's name.
 */
const LOCK_KEY = `hashtextextended(current_schema() || ':' || $1, 0)`;

/** One process only (embedded PGlite, tests): always the leader. */
export const soleLeader: Leadership = {
  async acquire(_name, signal) {
    return signal.aborted ? null : { lost: new AbortController().signal, release: async () => undefined };
  },
};

/**
 * Leadership by a PostgreSQL session advisory lock on one leased connection: the lock lives exactly
 * as long as that connection, so a replica that dies (even SIGKILL) hands over as soon as the server
 * sees its connection close. Followers try again every `retryMs`; the leader checks its connection
 * as often and gives up leading when the check fails.
 */
export class AdvisoryLockLeadership implements Leadership {
  constructor(
    private readonly pool: SqlPool,
    private readonly retryMs = 2000,
  ) {}

  static for(pool: SqlPool, retryMs?: number): Leadership {
    // PGlite is one process with one session: the lock would be its own and the lease exclusive.
    return pool.kind === 'postgres' ? new AdvisoryLockLeadership(pool, retryMs) : soleLeader;
  }

  async acquire(name: string, signal: AbortSignal): Promise<LeaderHandle | null> {
    while (!signal.aborted) {
      const lease = await this.pool.connect().catch(() => null);
      if (lease) {
        const held = await lease.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS held`, [name]).then(
          (r) => r.rows[0]?.held === true,
          (error: Error) => (lease.release(error), null),
        );
        if (held) return this.leading(lease, name);
        if (held === false) lease.release();
      }
      // The listener goes with its wait: a follower waits for hours on one signal.
      await new Promise<void>((resolve) => {
        const wake = () => (clearTimeout(timer), resolve());
        const timer = setTimeout(() => (signal.removeEventListener('abort', wake), resolve()), this.retryMs);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    return null;
  }

  private leading(lease: SqlLease, name: string): LeaderHandle {
    const lost = new AbortController();
    let broken: Error | undefined;
    const check = setInterval(() => {
      lease.query('SELECT 1').catch((error: Error) => {
        broken = error;
        clearInterval(check);
        lost.abort();
      });
    }, this.retryMs);
    check.unref();
    let released = false;
    return {
      lost: lost.signal,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(check);
        if (!broken) await lease.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [name]).catch((error: Error) => (broken = error));
        lease.release(broken);
      },
    };
  }
}
