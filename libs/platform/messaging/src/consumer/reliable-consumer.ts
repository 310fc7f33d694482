import type { DataSource, EntityManager } from 'typeorm';
import { cloudEventHeaders, isCloudEvent, type CloudEvent } from '@luotsi/contracts';
import { isTransientInfrastructureFailure } from '@luotsi/database';
import type { MessagePublisher } from '../publisher';

export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead-lettered';

export interface ReliableConsumerOptions {
  /** Unique per read model: de-duplication is per consumer. */
  consumer: string;
  /** The topic consumed; failures go to `<topic>.dlq`. */
  topic: string;
  /** Needed by `consume` (read-model writes); `consumeIdempotent` handlers bring their own idempotency. */
  dataSource?: DataSource;
  deadLetters: MessagePublisher;
  maxAttempts?: number;
  backoffMs?: number;
  onDeadLetter?: (info: { consumer: string; eventId: string; error: string }) => void;
}

/**
 * Wraps a read-model handler: the (consumer, eventId) row and the handler's writes commit together
 * (a redelivered event changes nothing); a handler that still fails after `maxAttempts` sends the
 * event to the dead-letter topic with the error and lets consumption go on past it.
 * @deprecated Declare `consumes` in `defineContext`: the `InboundConsumer` (commands through the pipeline, ids derived from the message id).
 */
export class ReliableConsumer {
  constructor(private readonly options: ReliableConsumerOptions) {}

  async consume(message: unknown, apply: (em: EntityManager, event: CloudEvent) => Promise<void>): Promise<ConsumeOutcome> {
    return this.withRetries(message, (event) => this.applyOnce(event, apply));
  }

  /**
   * For handlers that are idempotent by themselves, such as appending to an event store with event
   * ids derived from the message's id: retries and dead letters, without the processed-events row.
   */
  async consumeIdempotent(message: unknown, handle: (event: CloudEvent) => Promise<void>): Promise<ConsumeOutcome> {
    return this.withRetries(message, async (event) => {
      await handle(event);
      return 'applied';
    });
  }

  private async withRetries(message: unknown, attempt: (event: CloudEvent) => Promise<ConsumeOutcome>): Promise<ConsumeOutcome> {
    if (!isCloudEvent(message)) {
      await this.deadLetter(message, new Error('not a CloudEvent'), 0);
      return 'dead-lettered';
    }
    const attempts = this.options.maxAttempts ?? 3;
    let lastError: unknown;
    for (let n = 1; n <= attempts; n++) {
      try {
        return await attempt(message);
      } catch (error) {
        lastError = error;
        if (n < attempts) await sleep((this.options.backoffMs ?? 50) * n);
      }
    }
    // The database away is not the event's fault: thrown on, so the transport redelivers it
    // (from its last resolved offset) once the database is back, instead of dead-lettering it.
    if (isTransientInfrastructureFailure(lastError)) throw lastError;
    await this.deadLetter(message, lastError, attempts);
    return 'dead-lettered';
  }

  private applyOnce(event: CloudEvent, apply: (em: EntityManager, event: CloudEvent) => Promise<void>): Promise<ConsumeOutcome> {
    if (!this.options.dataSource) throw new Error(`consumer ${this.options.consumer} has no DataSource for read-model writes`);
    return this.options.dataSource.transaction(async (em) => {
      const inserted = await em.query(
        'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
        [this.options.consumer, event.id],
      );
      if ((inserted as unknown[]).length === 0) return 'duplicate';
      await apply(em, event);
      return 'applied';
    });
  }

  /**
   * Puts a message on the topic's dead-letter topic with its error (batch consumers call it for
   * each event they could not read). The dead letter must not be lost either: if the broker
   * refuses it, keep trying (the partition waits).
   */
  async deadLetter(message: unknown, error: unknown, attempts: number): Promise<void> {
    const event = isCloudEvent(message) ? message : null;
    const errorText = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const headers = {
      ...cloudEventHeaders(),
      luotsi_error: errorText.slice(0, 2000),
      luotsi_consumer: this.options.consumer,
      luotsi_attempts: String(attempts),
      luotsi_original_topic: this.options.topic,
    };
    const outbound = {
      topic: `${this.options.topic}.dlq`,
      key: event?.subject ?? 'invalid',
      value: (event ?? { specversion: '1.0', id: 'invalid', type: 'invalid', subject: 'invalid', data: message }) as CloudEvent,
      headers,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deadLetters.publish([outbound]);
        this.options.onDeadLetter?.({ consumer: this.options.consumer, eventId: event?.id ?? 'invalid', error: errorText });
        return;
      } catch {
        await sleep(Math.min(5000, 100 * attempt));
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
