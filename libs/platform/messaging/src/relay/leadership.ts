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
 * Leadership by PostgreSQL session advisory locks, every job of a process on ONE leased connection:
 * a lock lives exactly as long as that connection, so a replica that dies (even SIGKILL) hands
 * over as soon as the server sees its connection close. One connection for all jobs, because a
 * leader keeps its connection for as long as it leads: a connection per job took one of the pool's
 * connections per projection, relay, reactor and timer, and with seven contexts in one process
 * they were more than the pool held, so the next job waited for a connection forever. Followers
 * try again every `retryMs`; the leader checks the connection as often, and when the check fails
 * every job it led stops leading at once (their locks went with the connection).
 */
export class AdvisoryLockLeadership implements Leadership {
  private static readonly shared = new WeakMap<SqlPool, AdvisoryLockLeadership>();
  private session: Promise<SqlLease> | undefined;
  /** The jobs led on the current session, by name, each with its `lost` signal. */
  private readonly led = new Map<string, AbortController>();
  private check: ReturnType<typeof setInterval> | undefined;
  /** Counts sessions: a lock taken on a session that broke meanwhile is not leadership. */
  private generation = 0;
  /** Attempts in flight on the session: it is given back only when none is and no job is led. */
  private attempts = 0;
  /** The last query queued on the session (see onSession). */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: SqlPool,
    private readonly retryMs = 2000,
  ) {}

  /** The pool's leadership: one per pool, so every job of the process shares its one session. */
  static for(pool: SqlPool, retryMs?: number): Leadership {
    // PGlite is one process with one session: the lock would be its own and the lease exclusive.
    if (pool.kind !== 'postgres') return soleLeader;
    if (retryMs !== undefined) return new AdvisoryLockLeadership(pool, retryMs);
    let leadership = AdvisoryLockLeadership.shared.get(pool);
    if (!leadership) AdvisoryLockLeadership.shared.set(pool, (leadership = new AdvisoryLockLeadership(pool)));
    return leadership;
  }

  async acquire(name: string, signal: AbortSignal): Promise<LeaderHandle | null> {
    while (!signal.aborted) {
      // Session locks are re-entrant: a second job of this process with the same name must not
      // lead beside the first, so it waits as a follower would.
      if (this.led.has(name)) {
        await this.pause(signal);
        continue;
      }
      const generation = this.generation;
      this.attempts++;
      const held = await this.onSession(this.sessionOf(), (session) =>
        session.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS held`, [name]).then(
          (r) => r.rows[0]?.held === true,
          (error: Error) => (this.lose(error), false),
        ),
      )
        // No session to be had (the connect failed): not leading, try again later.
        .catch(() => false)
        .finally(() => this.attempts--);
      if (held && generation === this.generation && !signal.aborted) return this.leading(name);
      if (held && generation === this.generation) await this.unlock(name);
      // A follower holds no connection between its attempts (a pool's end() would wait for it).
      this.closeIfIdle();
      await this.pause(signal);
    }
    this.closeIfIdle();
    return null;
  }

  /** The listener goes with its wait: a follower waits for hours on one signal. */
  private pause(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (signal.removeEventListener('abort', wake), resolve()), this.retryMs);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private closeIfIdle(): void {
    if (this.attempts === 0 && this.led.size === 0 && this.session) this.closeSession();
  }

  private sessionOf(): Promise<SqlLease> {
    if (!this.session) {
      const pending = this.pool.connect();
      this.session = pending;
      // A failed connect is forgotten, so the next attempt opens a new one.
      pending.catch(() => {
        if (this.session === pending) this.session = undefined;
      });
    }
    return this.session;
  }

  private leading(name: string): LeaderHandle {
    const lost = new AbortController();
    this.led.set(name, lost);
    if (!this.check) {
      this.check = setInterval(() => {
        void this.onSession(this.sessionOf(), (session) => session.query('SELECT 1').catch((error: Error) => this.lose(error))).catch(
          () => undefined,
        );
      }, this.retryMs);
      this.check.unref();
    }
    let released = false;
    return {
      lost: lost.signal,
      release: async () => {
        if (released) return;
        released = true;
        if (this.led.get(name) !== lost) return; // its session is gone, and the lock with it
        this.led.delete(name);
        await this.unlock(name);
        this.closeIfIdle();
      },
    };
  }

  private async unlock(name: string): Promise<void> {
    if (!this.session) return;
    await this.onSession(this.session, (session) =>
      session.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [name]).catch((error: Error) => this.lose(error)),
    ).catch(() => undefined);
  }

  /**
   * Runs `query` on the session once every query queued before it has ended: the jobs' attempts,
   * the liveness check and the unlocks share one connection, and pg deprecates (and pg 9 refuses) a
   * query on a client that is still running one.
   */
  private onSession<T>(session: Promise<SqlLease>, query: (session: SqlLease) => Promise<T>): Promise<T> {
    const run = this.serial.then(() => session).then(query);
    this.serial = run.catch(() => undefined);
    return run;
  }

  /** The session broke: every job it led has lost its lock; the next acquire opens a new session. */
  private lose(error: Error): void {
    for (const lost of this.led.values()) lost.abort();
    this.led.clear();
    this.closeSession(error);
  }

  private closeSession(error?: Error): void {
    this.generation++;
    if (this.check) clearInterval(this.check);
    this.check = undefined;
    const session = this.session;
    this.session = undefined;
    void session?.then((lease) => lease.release(error)).catch(() => undefined);
  }
}
