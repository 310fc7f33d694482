import type { Clock } from '@luotsi/kernel';
import type { CommandPipeline } from '@luotsi/eventstore';
import { isCloudEvent, type CloudEvent } from '@luotsi/contracts';
import { ReliableConsumer, type ConsumeOutcome } from '../consumer/reliable-consumer';
import type { MessagePublisher } from '../publisher';
import { envelopeCausedBy, runCommands, type CommandRequest, type EngineLogger } from './handlers';
import { deadLetters } from './metrics';
import { isTransientInfrastructureFailure } from '@luotsi/database';

/** What a batch handler says of its batch: the events it could not read, each to be dead-lettered with its error. */
export interface BatchOutcome {
  failed: readonly { event: CloudEvent; error: unknown }[];
}

/** Another context's public event turned into commands of this one. */
export interface MessageInboundDeclaration {
  /** Unique per consuming context: the scope of the derived event ids. */
  name: string;
  /** The topic, e.g. topicOf('provider-choice'). */
  topic: string;
  handle(event: CloudEvent): CommandRequest[] | Promise<CommandRequest[]>;
  handleBatch?: never;
}

/**
 * Another context's public events consumed a batch at a time by a handler that writes them itself,
 * idempotently (a redelivered event writes nothing), and durably before it returns.
 */
export interface BatchInboundDeclaration {
  name: string;
  topic: string;
  handleBatch(events: readonly CloudEvent[]): Promise<BatchOutcome>;
  handle?: never;
}

export type InboundDeclaration = MessageInboundDeclaration | BatchInboundDeclaration;

export interface InboundOptions {
  pipeline: CommandPipeline;
  clock: Clock;
  deadLetters: MessagePublisher;
  logger?: EngineLogger;
  maxAttempts?: number;
  backoffMs?: number;
}

export interface BatchConsumeOutcome {
  handled: number;
  deadLettered: number;
}

/**
 * Consumes one topic into the pipeline: event ids derived from the CloudEvent's id make a
 * redelivery write nothing; a message that still fails (or is refused) after the retries goes to
 * the dead-letter topic with its error, and consumption goes on past it.
 *
 * A batch declaration is handed consecutive messages at once: what is not a CloudEvent and what
 * the handler reports unreadable is dead-lettered one by one; a throw is retried (the whole batch,
 * the handler being idempotent) and then thrown on, so the transport redelivers the batch from the
 * last resolved offset instead of moving past work that is not durable.
 */
export class InboundConsumer {
  private readonly reliable: ReliableConsumer;

  constructor(
    readonly declaration: InboundDeclaration,
    private readonly options: InboundOptions,
  ) {
    const name = `inbound:${declaration.name}`;
    this.reliable = new ReliableConsumer({
      consumer: name,
      topic: declaration.topic,
      deadLetters: options.deadLetters,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      onDeadLetter: (info) => {
        deadLetters().inc({ subscription: name });
        options.logger?.error(info, 'inbound event sent to the dead-letter topic');
      },
    });
  }

  async consume(message: unknown): Promise<ConsumeOutcome> {
    if (this.declaration.handleBatch) return (await this.consumeBatch([message])).deadLettered ? 'dead-lettered' : 'applied';
    const handle = this.declaration.handle;
    const name = `inbound:${this.declaration.name}`;
    return this.reliable.consumeIdempotent(message, async (event) => {
      const requests = await handle(event);
      const source = { id: event.id, correlationId: event.correlationid };
      await runCommands(
        this.options.pipeline,
        requests,
        (i) => envelopeCausedBy(source, name, this.options.clock.now(), i),
        name,
        this.options.logger,
        false,
      );
    });
  }

  /** Consecutive messages of the topic, in order; resolves once they are durable or dead-lettered. */
  async consumeBatch(messages: readonly unknown[]): Promise<BatchConsumeOutcome> {
    const handleBatch = this.declaration.handleBatch;
    if (!handleBatch) {
      // A per-message declaration keeps its semantics: one message at a time, in order.
      let deadLettered = 0;
      for (const message of messages) if ((await this.consume(message)) === 'dead-lettered') deadLettered++;
      return { handled: messages.length - deadLettered, deadLettered };
    }
    const events: CloudEvent[] = [];
    let deadLettered = 0;
    for (const message of messages) {
      if (isCloudEvent(message)) events.push(message);
      else {
        await this.reliable.deadLetter(message, new Error('not a CloudEvent'), 0);
        deadLettered++;
      }
    }
    if (events.length === 0) return { handled: 0, deadLettered };
    const outcome = await this.withRetries(async () => {
      const reported = await handleBatch(events);
      // A handler may report an event that failed because the database was away as unreadable:
      // that is a property of the moment, so the batch is retried, never dead-lettered for it.
      const transient = reported.failed.find((f) => isTransientInfrastructureFailure(f.error));
      if (transient) throw transient.error;
      return reported;
    });
    // Unreadable is a property of the event, not of the moment: no retry, straight to the dead letters.
    for (const { event, error } of outcome.failed) await this.reliable.deadLetter(event, error, 1);
    return { handled: events.length - outcome.failed.length, deadLettered: deadLettered + outcome.failed.length };
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    const attempts = this.options.maxAttempts ?? 3;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (n >= attempts) throw error;
        this.options.logger?.warn(
          { consumer: this.declaration.name, attempt: n, error: String(error) },
          'inbound batch failed; retrying it',
        );
        await new Promise((r) => setTimeout(r, (this.options.backoffMs ?? 50) * n));
      }
    }
  }
}
