import type { EventStore } from '@luotsi/eventstore';
import { soleLeader, type Leadership } from '../relay/leadership';
import { CheckpointMoved, type EngineLogger, type SubscriptionHandler } from './handlers';
import { revisionConflicts } from '@luotsi/eventstore';
import { deadLetters, subscriptionLag } from './metrics';
import type { SubscriptionCheckpoints } from './subscription-checkpoints';

export interface EngineOptions {
  store: EventStore;
  checkpoints: SubscriptionCheckpoints;
  /** Which replica runs each subscription (one at a time, per name); default: this process alone. */
  leadership?: Leadership;
  logger?: EngineLogger;
  /** Pause before a failed batch is tried again from the checkpoint. */
  retryMs?: number;
  /** How often the lag gauge asks the store for its head even when nothing arrives. */
  lagRefreshMs?: number;
  /** How often a replica that does not lead reads the stored checkpoint for waitFor(). */
  followerPollMs?: number;
}

export interface SubscriptionStatus {
  name: string;
  kind: SubscriptionHandler['kind'];
  position: number;
  head: number;
  lag: number;
  leading: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal?.removeEventListener('abort', wake), resolve()), ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

/**
 * One subscription's loop: lead (per name) → read the checkpoint → subscribe from it → hand each
 * batch to the handler, which does its work and moves the checkpoint. A failing batch is tried again
 * from the checkpoint after a pause; nothing past it is handled. A new leader starts from the
 * stored checkpoint, so a hand-over at most repeats (gateway) or refuses (projection) the batch in flight.
 */
export class Subscription {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private at = 0;
  private knownHead = 0;
  private isLeading = false;
  private lastFailure: unknown = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private lagTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly handler: SubscriptionHandler,
    private readonly options: EngineOptions,
  ) {}

  get name(): string {
    return this.handler.name;
  }

  /** The last position this process knows to be handled (as leader, or read from the table as follower). */
  get position(): number {
    return this.at;
  }

  get leading(): boolean {
    return this.isLeading;
  }

  get failure(): unknown {
    return this.lastFailure;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.at = await this.options.checkpoints.adopt(this.name);
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
    const every = this.options.lagRefreshMs ?? 5000;
    if (every > 0) {
      // Lag grows while nothing is handled (a stuck or following replica): the gauge must show it.
      this.lagTimer = setInterval(() => void this.status().catch(() => undefined), every);
      this.lagTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = null;
    this.abort?.abort();
    await this.loop;
    this.loop = null;
  }

  /** Starts again from the stored checkpoint (after a rebuild deleted it: from the beginning). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Resolves once every event committed so far is handled. */
  async caughtUp(timeoutMs = 60_000): Promise<void> {
    await this.waitFor(await this.options.store.headPosition({ categories: this.handler.categories }), timeoutMs);
  }

  /** Resolves once every event up to `position` is handled (by this replica or the one leading). */
  waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.at >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let poll: NodeJS.Timeout | null = null;
      const done = () => {
        clearTimeout(timer);
        if (poll) clearInterval(poll);
      };
      const waiter = { position, resolve: () => (done(), resolve()) };
      const timer = setTimeout(() => {
        done();
        this.waiters.delete(waiter);
        reject(
          new Error(
            `subscription ${this.name} did not reach ${position} in ${timeoutMs} ms (at ${this.at})${this.lastFailure ? `: ${String(this.lastFailure)}` : ''}`,
          ),
        );
      }, timeoutMs);
      // A follower does not handle batches; the leader's progress is in the table.
      poll = setInterval(() => {
        if (!this.isLeading)
          void this.options.checkpoints.load(this.name).then(
            (p) => this.moveTo(p),
            () => undefined,
          );
      }, this.options.followerPollMs ?? 50);
      this.waiters.add(waiter);
    });
  }

  /** Head of the subscribed categories, position and lag, asked of the store now. */
  async status(): Promise<SubscriptionStatus> {
    if (!this.isLeading) this.moveTo(await this.options.checkpoints.load(this.name));
    await this.refreshLag();
    return {
      name: this.name,
      kind: this.handler.kind,
      position: this.at,
      head: this.knownHead,
      lag: Math.max(0, this.knownHead - this.at),
      leading: this.isLeading,
    };
  }

  private async refreshLag(): Promise<void> {
    this.knownHead = Math.max(this.knownHead, await this.options.store.headPosition({ categories: this.handler.categories }));
    this.publishLag();
  }

  private publishLag(): void {
    subscriptionLag().set({ subscription: this.name }, Math.max(0, this.knownHead - this.at));
  }

  private async run(signal: AbortSignal): Promise<void> {
    const leadership = this.options.leadership ?? soleLeader;
    while (!signal.aborted) {
      const leader = await leadership.acquire(this.name, signal);
      if (!leader) return;
      this.isLeading = true;
      try {
        // Another replica may have moved on while this one followed.
        this.moveTo(Math.max(this.at, await this.options.checkpoints.load(this.name)));
        // The head as it is now: until the first batch, the gauge would otherwise say "no lag"
        // for a runner that starts (or restarts) behind a backlog.
        await this.refreshLag();
        this.options.logger?.info(
          { subscription: this.name, from: this.at },
          this.handler.kind === 'gateway' ? 'relaying as the leader' : 'leading the subscription',
        );
        const leading = AbortSignal.any([signal, leader.lost]);
        const batches = this.options.store.subscribe({
          after: this.at,
          categories: this.handler.categories,
          maxCount: this.handler.batchSize,
          signal: leading,
        });
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          if (!(await this.handler.handle(batch, { signal: leading, from: this.at }))) break;
          const last = batch[batch.length - 1]!.globalPosition;
          this.lastFailure = null;
          this.knownHead = Math.max(this.knownHead, last);
          this.moveTo(last);
          this.publishLag();
        }
      } catch (error) {
        if (error instanceof CheckpointMoved) {
          // Only a rebuild moves a checkpoint backwards; this runner then starts over with it.
          this.at = error.stored;
          this.moveTo(error.stored);
          continue;
        }
        this.lastFailure = error;
        this.options.logger?.error({ subscription: this.name, err: error }, 'subscription batch failed; retrying from its checkpoint');
        await sleep(this.options.retryMs ?? 1000, signal);
      } finally {
        this.isLeading = false;
        await leader.release();
      }
    }
  }

  private moveTo(position: number): void {
    if (position > this.at) this.at = position;
    for (const waiter of [...this.waiters]) {
      if (waiter.position <= this.at) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** All subscriptions of a process: started together after the message handlers listen, stopped together. */
export class SubscriptionEngine {
  private readonly subscriptions: Subscription[] = [];
  private started = false;

  constructor(readonly options: EngineOptions) {
    // On /metrics from the first scrape, before the first lag, dead letter or conflict.
    subscriptionLag();
    deadLetters();
    revisionConflicts();
  }

  add(handler: SubscriptionHandler): Subscription {
    if (this.subscriptions.some((s) => s.name === handler.name)) throw new Error(`two subscriptions named ${handler.name}`);
    const subscription = new Subscription(handler, this.options);
    this.subscriptions.push(subscription);
    if (this.started) void subscription.start();
    return subscription;
  }

  get(name: string): Subscription | undefined {
    return this.subscriptions.find((s) => s.name === name);
  }

  get all(): readonly Subscription[] {
    return this.subscriptions;
  }

  async startAll(): Promise<void> {
    this.started = true;
    for (const s of this.subscriptions) {
      await s.start();
      this.options.logger?.info({ subscription: s.name, kind: s.handler.kind, from: s.position }, 'subscription started');
    }
  }

  async stopAll(): Promise<void> {
    this.started = false;
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  /**
   * For a readiness check: every subscription whose lag is at most `bound` events (per kind, or one
   * bound for all). Lagging ones are named.
   */
  async subscriptionsWithin(
    bound: number | Partial<Record<SubscriptionHandler['kind'], number>>,
  ): Promise<{ ok: boolean; subscriptions: SubscriptionStatus[]; lagging: string[] }> {
    const statuses = await Promise.all(this.subscriptions.map((s) => s.status()));
    const limit = (kind: SubscriptionHandler['kind']) => (typeof bound === 'number' ? bound : (bound[kind] ?? Number.POSITIVE_INFINITY));
    const lagging = statuses.filter((s) => s.lag > limit(s.kind)).map((s) => s.name);
    return { ok: lagging.length === 0, subscriptions: statuses, lagging };
  }

  /**
   * The readiness of this process's subscriptions: not ready while one has more than `maxLag`
   * events to handle (counted, since positions are not consecutive), or its last batch failed (it
   * is being retried from its checkpoint). `lag` is in events, counted up to maxLag + 1.
   */
  async readiness(
    maxLag: number,
  ): Promise<{ ok: boolean; details: { lagging: string[]; failing: string[]; lag: Record<string, number> } }> {
    const store = this.options.store;
    const behind = await Promise.all(
      this.subscriptions.map(async (s) => {
        const { position, lag } = await s.status();
        const events = store.countAfter ? await store.countAfter(position, { categories: s.handler.categories, limit: maxLag + 1 }) : lag;
        return [s.name, events] as const;
      }),
    );
    const lagging = behind.filter(([, n]) => n > maxLag).map(([name]) => name);
    const failing = this.subscriptions.filter((s) => s.failure !== null).map((s) => s.name);
    return { ok: lagging.length === 0 && failing.length === 0, details: { lagging, failing, lag: Object.fromEntries(behind) } };
  }
}
