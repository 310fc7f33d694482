import type { Clock } from '@luotsi/kernel';
import type { CommandPipeline } from '@luotsi/eventstore';
import type { CloudEvent } from '@luotsi/contracts';
import { ReliableConsumer, type ConsumeOutcome } from '../consumer/reliable-consumer';
import type { MessagePublisher } from '../publisher';
import { envelopeCausedBy, runCommands, type CommandRequest, type EngineLogger } from './handlers';
import { deadLetters } from './metrics';

/** Another context's public event turned into commands of this one. */
export interface InboundDeclaration {
  /** Unique per consuming context: the scope of the derived event ids. */
  name: string;
  /** The topic, e.g. topicOf('provider-choice'). */
  topic: string;
  handle(event: CloudEvent): CommandRequest[] | Promise<CommandRequest[]>;
}

export interface InboundOptions {
  pipeline: CommandPipeline;
  clock: Clock;
  deadLetters: MessagePublisher;
  logger?: EngineLogger;
  maxAttempts?: number;
  backoffMs?: number;
}

/**
 * Consumes one topic into the pipeline: event ids derived from the CloudEvent's id make a
 * redelivery write nothing; a message that still fails (or is refused) after the retries goes to
 * the dead-letter topic with its error, and consumption goes on past it.
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

  consume(message: unknown): Promise<ConsumeOutcome> {
    const name = `inbound:${this.declaration.name}`;
    return this.reliable.consumeIdempotent(message, async (event) => {
      const requests = await this.declaration.handle(event);
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
}
