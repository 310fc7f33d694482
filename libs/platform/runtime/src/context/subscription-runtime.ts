import { type BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { deadLetterTopicOf, topicOf, type ContextContract } from '@luotsi/contracts';
import type { Clock } from '@luotsi/kernel';
import { CLOCK } from '@luotsi/kernel';
import type { CommandPipeline } from '@luotsi/eventstore';
import { ensureTopics, runCommands, soleLeader, type CommandRequest, type SubscriptionEngine } from '@luotsi/messaging';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ReadinessChecks } from '../health/readiness';
import type { RuntimeConfig } from '../runtime-config';
import { COMMAND_PIPELINE, KAFKA, LOGGER, RUNTIME_CONFIG, SUBSCRIPTION_ENGINE } from '../tokens';

export interface TimerRun {
  name: string;
  everyMs: number;
  tick(now: Date): Promise<CommandRequest[] | void>;
}

/**
 * The process's subscriptions (every declared context's gateway, projections and reactors on the
 * one engine) and timers. Started by the bootstrap after the message handlers listen, so in
 * embedded mode no event is published to nobody; stopped before the pools close.
 */
@Injectable()
export class SubscriptionRuntime implements BeforeApplicationShutdown {
  private readonly published: ContextContract[] = [];
  private readonly timers: TimerRun[] = [];
  private readonly stopping = new AbortController();
  private readonly leading: Promise<void>[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private started = false;

  constructor(
    @Inject(SUBSCRIPTION_ENGINE) readonly engine: SubscriptionEngine,
    @Inject(COMMAND_PIPELINE) private readonly pipeline: CommandPipeline,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Optional() readiness?: ReadinessChecks,
  ) {
    readiness?.register({ name: 'subscriptions', check: () => this.engine.readiness(this.config.readinessMaxLag) });
  }

  publish(contract: ContextContract): void {
    this.published.push(contract);
  }

  addTimer(timer: TimerRun): void {
    this.timers.push(timer);
    if (this.started) this.schedule(timer);
  }

  async startAll(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.kafka && this.published.length > 0) {
      await ensureTopics(
        this.kafka,
        this.published.flatMap((c) => [
          { topic: topicOf(c.context), partitions: c.partitions, retentionMs: c.retentionMs },
          { topic: deadLetterTopicOf(c.context), partitions: 1, retentionMs: c.retentionMs },
        ]),
        this.config.kafkaTopicPrefix,
      );
    }
    await this.engine.startAll();
    for (const timer of this.timers) this.schedule(timer);
  }

  /** Runs a timer once now, leading or not (joins a run in progress): what tests and operators call. */
  runTimer(name: string): Promise<void> {
    const timer = this.timers.find((t) => t.name === name);
    if (!timer) throw new Error(`no timer ${name}`);
    let run = this.inFlight.get(name);
    if (!run) {
      run = this.tick(timer).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, run);
    }
    return run;
  }

  private schedule(timer: TimerRun): void {
    if (timer.everyMs <= 0) return;
    this.leading.push(this.lead(timer, this.stopping.signal));
  }

  /**
   * A timer ticks only on the replica that leads `timer:<name>` (the engine's leadership: the same
   * advisory lock as the subscriptions), so two replicas never both make the same due changes. A
   * replica that stops leading stops ticking; another takes over at its next try.
   */
  private async lead(timer: TimerRun, signal: AbortSignal): Promise<void> {
    const leadership = this.engine.options.leadership ?? soleLeader;
    while (!signal.aborted) {
      const leader = await leadership.acquire(`timer:${timer.name}`, signal);
      if (!leader) return;
      try {
        const stop = AbortSignal.any([signal, leader.lost]);
        this.logger.info({ timer: timer.name, everyMs: timer.everyMs }, 'leading the timer');
        await new Promise<void>((resolve) => {
          const handle = setInterval(
            () => void this.runTimer(timer.name).catch((err: unknown) => this.logger.error({ err, timer: timer.name }, 'timer failed')),
            timer.everyMs,
          );
          handle.unref();
          const done = () => (clearInterval(handle), resolve());
          if (stop.aborted) done();
          else stop.addEventListener('abort', done, { once: true });
        });
      } finally {
        // The tick in progress finishes under the lock, so the next leader does not overlap it.
        await this.inFlight.get(timer.name)?.catch(() => undefined);
        await leader.release();
      }
    }
  }

  private async tick(timer: TimerRun): Promise<void> {
    const now = this.clock.now();
    const requests = (await timer.tick(now)) ?? [];
    const by = `timer:${timer.name}`;
    await runCommands(
      this.pipeline,
      requests,
      () => ({ actor: `system:${timer.name}`, now, correlationId: `${timer.name}-${now.toISOString()}` }),
      by,
      this.logger,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.leading.splice(0));
    await Promise.all([...this.inFlight.values()].map((p) => p.catch(() => undefined)));
    await this.engine.stopAll();
  }
}
