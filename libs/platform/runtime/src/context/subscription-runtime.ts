import { type BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { deadLetterTopicOf, topicOf, type ContextContract } from '@luotsi/contracts';
import type { Clock } from '@luotsi/kernel';
import { CLOCK } from '@luotsi/kernel';
import type { CommandPipeline } from '@luotsi/eventstore';
import { ensureTopics, runCommands, type CommandRequest, type SubscriptionEngine } from '@luotsi/messaging';
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
  private readonly running: NodeJS.Timeout[] = [];
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

  /** Runs a timer once now (joins a run in progress): what tests and operators call. */
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
    const handle = setInterval(() => void this.runTimer(timer.name).catch((err: unknown) => this.logger.error({ err, timer: timer.name }, 'timer failed')), timer.everyMs);
    handle.unref();
    this.running.push(handle);
  }

  private async tick(timer: TimerRun): Promise<void> {
    const now = this.clock.now();
    const requests = (await timer.tick(now)) ?? [];
    const by = `timer:${timer.name}`;
    await runCommands(this.pipeline, requests, () => ({ actor: `system:${timer.name}`, now, correlationId: `${timer.name}-${now.toISOString()}` }), by, this.logger);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const handle of this.running.splice(0)) clearInterval(handle);
    await Promise.all([...this.inFlight.values()].map((p) => p.catch(() => undefined)));
    await this.engine.stopAll();
  }
}
