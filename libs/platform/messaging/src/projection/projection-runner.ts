import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent } from '@luotsi/eventstore';
import type { Migration } from '@luotsi/database';

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
      if (this.projection.applyBatch) await this.projection.applyBatch(em, batch);
      else for (const event of batch) await this.projection.apply(em, event);
      await em.query(
        `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
        [this.projection.name, last],
      );
    });
    this.position = last;
    this.failure = null;
    for (const waiter of [...this.waiters]) {
      if (waiter.position <= last) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
