import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent } from '@luotsi/eventstore';
import type { Migration } from '@luotsi/database';

/**
 * @deprecated The engine keeps checkpoints in `subscription_checkpoints` (`SUBSCRIPTION_CHECKPOINT_MIGRATIONS`), adopting rows of this table by name.
 */
export const PROJECTION_CHECKPOINT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`,
  },
];

export interface Projection {
  /** Unique name; its checkpoint is kept under it. */
  name: string;
  categories: readonly string[];
  apply(em: EntityManager, event: RecordedEvent): Promise<void>;
  /** Optional: applies a whole batch at once (bulk statements for rebuilds); same effect as apply() in order. */
  applyBatch?(em: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * Feeds a service's own read model from its own event store: each batch's read-model writes and the
 * checkpoint commit in one transaction, so a crash can neither skip nor double-apply an event.
 * Rebuilding = deleting the rows and the checkpoint, then running again from position 0.
 *
 * Each batch first locks its checkpoint row and checks it still reads where this runner left it.
 * If another runner of the same projection (a second replica of the service) moved it, or a rebuild
 * deleted it, the batch writes nothing and this runner goes on from the stored position: two
 * replicas share the work in turns and never apply an event twice.
 * @deprecated Declare `projections` in `defineContext`: the engine's `ProjectionHandler` (checkpoint in `subscription_checkpoints`).
 */
export class ProjectionRunner {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private position = 0;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private failure: unknown = null;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly onError?: (error: unknown) => void,
  ) {}

  get checkpoint(): number {
    return this.position;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    const rows = (await this.dataSource.query('SELECT position FROM projection_checkpoints WHERE name = $1', [this.projection.name])) as Array<{ position: string | number }>;
    this.position = rows[0] ? Number(rows[0].position) : 0;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
  }

  /** Starts again from the stored checkpoint (after a rebuild deleted it: from the beginning). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Resolves once every event committed so far is in the read model. */
  async caughtUp(timeoutMs = 60_000): Promise<void> {
    await this.waitFor(await this.store.headPosition({ categories: this.projection.categories }), timeoutMs);
  }

  /** Resolves once every event up to `position` is in the read model ("wait until caught up"). */
  waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { position, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`projection ${this.projection.name} did not reach ${position} in ${timeoutMs} ms (at ${this.position})${this.failure ? `: ${String(this.failure)}` : ''}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribe({ after: this.position, categories: this.projection.categories, maxCount: 2000, signal })) {
          await this.applyBatch(batch);
        }
      } catch (error) {
        if (error instanceof CheckpointMoved) {
          this.moveTo(error.stored);
          continue;
        }
        // A failing batch is retried from the checkpoint after a pause; nothing past it is applied.
        this.failure = error;
        this.onError?.(error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1]!.globalPosition;
    await this.dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [this.projection.name]);
      const rows = (await em.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [this.projection.name])) as Array<{ position: string | number }>;
      const stored = Number(rows[0]!.position);
      if (stored !== this.position) throw new CheckpointMoved(stored);
      if (this.projection.applyBatch) await this.projection.applyBatch(em, batch);
      else for (const event of batch) await this.projection.apply(em, event);
      await em.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [this.projection.name, last]);
    });
    this.failure = null;
    this.moveTo(last);
  }

  private moveTo(position: number): void {
    this.position = position;
    for (const waiter of [...this.waiters]) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** The stored checkpoint is not where this runner left it: another runner or a rebuild moved it. */
class CheckpointMoved extends Error {
  constructor(readonly stored: number) {
    super(`projection checkpoint moved to ${stored}`);
  }
}
