import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@luotsi/kernel';
import { DomainError } from '@luotsi/kernel';
import {
  WrongExpectedRevisionError,
  type CommandEnvelope,
  type CommandPipeline,
  type RecordedEvent,
  type StreamDeclaration,
} from '@luotsi/eventstore';
import {
  cloudEventHeaders,
  deadLetterTopicOf,
  PayloadValidator,
  topicOf,
  toCloudEvent,
  type CloudEvent,
  type ContextContract,
} from '@luotsi/contracts';
import type { MessagePublisher, OutboundMessage } from '../publisher';
import { deadLetters } from './metrics';
import { lockCheckpoint, moveCheckpoint, type CheckpointQuery, type SubscriptionCheckpoints } from './subscription-checkpoints';

export interface EngineLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A command for the pipeline, as a reactor, an inbound consumer or a timer asks for it. */
export interface CommandRequest {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stream: StreamDeclaration<any, any, any>;
  command: unknown;
}

export interface BatchContext {
  /** Aborts when the engine stops or this process stops leading. */
  signal: AbortSignal;
  /** The position this runner last left the checkpoint at. */
  from: number;
}

/** What the engine runs for one subscription: the batch's work and its checkpoint. */
export interface SubscriptionHandler {
  readonly kind: 'gateway' | 'projection' | 'reactor';
  readonly name: string;
  readonly categories: readonly string[];
  readonly batchSize: number;
  /** Does the batch's work and saves the checkpoint; false when aborted before it was done. */
  handle(batch: readonly RecordedEvent[], context: BatchContext): Promise<boolean>;
}

/** The stored checkpoint is not where this runner left it: another runner or a rebuild moved it. */
export class CheckpointMoved extends Error {
  constructor(readonly stored: number) {
    super(`checkpoint moved to ${stored}`);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal?.removeEventListener('abort', wake), resolve()), ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

export interface GatewayOptions {
  contract: ContextContract;
  publisher: MessagePublisher;
  checkpoints: SubscriptionCheckpoints;
  logger?: EngineLogger;
  retryMs?: number;
  batchSize?: number;
}

/**
 * Event store → broker for one context: each listed domain event mapped to its public event,
 * checked against its schema (one that fails goes to the dead-letter topic with the errors, and
 * the gateway goes on), published keyed by stream id; the checkpoint moves only after the broker
 * acked. A crash between ack and checkpoint re-publishes that batch; consumers de-duplicate by id.
 */
export class GatewayHandler implements SubscriptionHandler {
  readonly kind = 'gateway';
  readonly name: string;
  readonly categories: readonly string[];
  readonly batchSize: number;
  private readonly topic: string;
  private readonly validator: PayloadValidator;

  constructor(private readonly options: GatewayOptions) {
    this.name = `relay:${options.contract.context}`;
    this.categories = options.contract.categories;
    this.batchSize = options.batchSize ?? 500;
    this.topic = topicOf(options.contract.context);
    this.validator = new PayloadValidator(options.contract);
  }

  /** The messages of a batch: the valid public events and the dead letters of the invalid ones. */
  messagesOf(batch: readonly RecordedEvent[]): { messages: OutboundMessage[]; invalid: number } {
    const messages: OutboundMessage[] = [];
    let invalid = 0;
    for (const event of batch) {
      let value: CloudEvent | null;
      let errors: string[] = [];
      try {
        value = toCloudEvent(this.options.contract, event);
        if (!value) continue;
        const check = this.validator.check(event.type, value.data);
        if (!check.ok) errors = check.errors;
      } catch (error) {
        value = null;
        errors = [`mapping failed: ${error instanceof Error ? error.message : String(error)}`];
      }
      if (errors.length === 0 && value) {
        messages.push({ topic: this.topic, key: event.streamId, value, headers: cloudEventHeaders() });
        continue;
      }
      invalid += 1;
      // The payload itself is not sent: it failed its schema and may carry what must not leave.
      const letter: CloudEvent = {
        ...(value ?? {
          specversion: '1.0',
          id: event.eventId,
          type: event.type,
          source: `/luotsi/${this.options.contract.context}`,
          subject: event.streamId,
          time: event.recordedAt,
          datacontenttype: 'application/json',
          streamrevision: event.revision,
          globalposition: event.globalPosition,
        }),
        data: null,
      } as CloudEvent;
      messages.push({
        topic: deadLetterTopicOf(this.options.contract.context),
        key: event.streamId,
        value: letter,
        headers: {
          ...cloudEventHeaders(),
          luotsi_error: errors.join('; ').slice(0, 2000),
          luotsi_consumer: this.name,
          luotsi_domain_type: event.type,
          luotsi_original_topic: this.topic,
        },
      });
      this.options.logger?.error(
        { subscription: this.name, eventId: event.eventId, type: event.type, errors },
        'public payload failed its schema; sent to the dead-letter topic',
      );
    }
    return { messages, invalid };
  }

  async handle(batch: readonly RecordedEvent[], { signal }: BatchContext): Promise<boolean> {
    const { messages, invalid } = this.messagesOf(batch);
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        if (messages.length > 0) await this.options.publisher.publish(messages);
        if (invalid > 0) deadLetters().inc({ subscription: this.name }, invalid);
        await this.options.checkpoints.save(this.name, batch[batch.length - 1]!.globalPosition);
        return true;
      } catch (error) {
        this.options.logger?.warn({ subscription: this.name, attempt, err: String(error) }, 'publish failed; retrying the same batch');
        await sleep(Math.min(5000, (this.options.retryMs ?? 200) * attempt), signal);
      }
    }
    return false;
  }
}

/** A read model fed from the service's own log. */
export interface ProjectionDeclaration {
  /** Unique name; its checkpoint is kept under it. */
  name: string;
  categories: readonly string[];
  apply?(em: EntityManager, event: RecordedEvent): Promise<void>;
  /** Applies a whole batch at once (bulk statements for rebuilds); same effect as apply() in order. */
  applyBatch?(em: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
  /** The most events in one batch (one transaction); PROJECTION_BATCH_SIZE unless said. */
  batchSize?: number;
}

/**
 * A projection's batch, at most: a catch-up behind a backlog applies this many events in one
 * transaction, in a few bulk statements, while the next batch is read. With 2 000, billing's
 * rebuild ran at 75 000 events/s; with 5 000 at 90 000–95 000 (the rebuild bench, 1.5 M events),
 * mostly from the longer statements — probably because fewer of them leave the node process fewer
 * turns in which parsing a read-ahead's rows holds up an insert's answer. A live projection's
 * batches are what has arrived, far fewer.
 */
export const PROJECTION_BATCH_SIZE = 5000;

/**
 * Each batch's read-model writes and the checkpoint commit in one transaction. The batch first
 * locks its checkpoint row and checks it still reads where this runner left it: if another runner
 * (a replica that led before) or a rebuild moved it, the batch writes nothing and the runner goes
 * on from the stored position, so no event is ever applied twice.
 */
export class ProjectionHandler implements SubscriptionHandler {
  readonly kind = 'projection';
  readonly name: string;
  readonly categories: readonly string[];
  readonly batchSize: number;

  constructor(
    private readonly projection: ProjectionDeclaration,
    private readonly dataSource: DataSource,
  ) {
    if (!projection.apply && !projection.applyBatch) throw new Error(`projection ${projection.name} needs apply or applyBatch`);
    this.name = projection.name;
    this.categories = projection.categories;
    this.batchSize = projection.batchSize ?? PROJECTION_BATCH_SIZE;
  }

  async handle(batch: readonly RecordedEvent[], { from }: BatchContext): Promise<boolean> {
    const last = batch[batch.length - 1]!.globalPosition;
    await this.dataSource.transaction(async (em) => {
      const query: CheckpointQuery = (sql, params) => em.query(sql, params);
      const stored = await lockCheckpoint(query, this.name);
      if (stored !== from) throw new CheckpointMoved(stored);
      if (this.projection.applyBatch) await this.projection.applyBatch(em, batch);
      else for (const event of batch) await this.projection.apply!(em, event);
      await moveCheckpoint(query, this.name, last);
    });
    return true;
  }
}

/** An event of the context's own log turned into commands (a process manager). */
export interface ReactorDeclaration {
  name: string;
  categories: readonly string[];
  react(event: RecordedEvent): CommandRequest[] | Promise<CommandRequest[]>;
  batchSize?: number;
}

/** The envelope of a command caused by an event: ids derived from the event's id, so a replay writes nothing twice. */
export function envelopeCausedBy(
  source: { id: string; correlationId?: string | undefined },
  by: string,
  now: Date,
  index: number,
): CommandEnvelope {
  return {
    actor: `system:${by}`,
    now,
    correlationId: source.correlationId ?? source.id,
    causationId: source.id,
    idempotency: { scope: by, key: `${source.id}#${index}` },
  };
}

/**
 * Runs each command a reactor asks for through the pipeline. A command the decider refuses is
 * logged and passed (the same event would be refused again forever); any other failure stops the
 * batch, which is retried from the checkpoint.
 */
export async function runCommands(
  pipeline: CommandPipeline,
  requests: readonly CommandRequest[],
  envelopeOf: (index: number) => CommandEnvelope,
  by: string,
  logger?: EngineLogger,
  passRefusals = true,
): Promise<void> {
  for (let i = 0; i < requests.length; i++) {
    const { stream, command } = requests[i]!;
    try {
      await pipeline.execute(stream, command, envelopeOf(i));
    } catch (error) {
      if (passRefusals && error instanceof DomainError && !(error instanceof WrongExpectedRevisionError)) {
        logger?.warn(
          { subscription: by, code: error.code, category: stream.category },
          'a command of this subscription was refused; passing over it',
        );
        continue;
      }
      throw error;
    }
  }
}

export class ReactorHandler implements SubscriptionHandler {
  readonly kind = 'reactor';
  readonly name: string;
  readonly categories: readonly string[];
  readonly batchSize: number;

  constructor(
    private readonly reactor: ReactorDeclaration,
    private readonly pipeline: CommandPipeline,
    private readonly checkpoints: SubscriptionCheckpoints,
    private readonly clock: Clock,
    private readonly logger?: EngineLogger,
  ) {
    this.name = `reactor:${reactor.name}`;
    this.categories = reactor.categories;
    this.batchSize = reactor.batchSize ?? 200;
  }

  async handle(batch: readonly RecordedEvent[], { signal }: BatchContext): Promise<boolean> {
    for (const event of batch) {
      if (signal.aborted) return false;
      const requests = await this.reactor.react(event);
      const source = { id: event.eventId, correlationId: event.metadata.correlationId };
      await runCommands(this.pipeline, requests, (i) => envelopeCausedBy(source, this.name, this.clock.now(), i), this.name, this.logger);
    }
    await this.checkpoints.save(this.name, batch[batch.length - 1]!.globalPosition);
    return true;
  }
}
