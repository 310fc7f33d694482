import type { EventStore, RecordedEvent } from '@luotsi/eventstore';
import { cloudEventHeaders, topicOf, toCloudEvent, type ContextContract } from '@luotsi/contracts';
import type { MessagePublisher, OutboundMessage } from '../publisher';
import type { CheckpointStore } from './checkpoint-store';
import { soleLeader, type Leadership } from './leadership';

export interface RelayLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RelayOptions {
  contract: ContextContract;
  store: EventStore;
  publisher: MessagePublisher;
  checkpoints: CheckpointStore;
  batchSize?: number;
  logger?: RelayLogger;
  /** Backoff between failed publishes of the same batch; the batch is retried until it is acked. */
  retryMs?: number;
  /** Which replica relays (one at a time); default: this process alone. */
  leadership?: Leadership;
}

/**
 * The event store is the outbox: the relay reads one context's categories from its checkpoint, maps
 * domain events to public integration events, publishes them keyed by stream id, and saves the
 * checkpoint only after the broker acked. A crash between ack and checkpoint re-publishes that batch
 * (consumers de-duplicate by event id); nothing accepted is ever skipped. With several replicas
 * of a service, only the one that holds the leadership relays; a new leader starts from the stored
 * checkpoint, so a hand-over at most repeats the batch in flight.
 * @deprecated Declare `publishes: { contract }` in `defineContext`: the engine's `GatewayHandler` (subscription `relay:<context>`).
 */
export class Relay {
  readonly name: string;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private relayedUpTo = 0;
  private readonly topic: string;

  constructor(private readonly options: RelayOptions) {
    this.name = `relay:${options.contract.context}`;
    this.topic = topicOf(options.contract.context);
  }

  /** The last global position whose batch the broker acknowledged. */
  get position(): number {
    return this.relayedUpTo;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.relayedUpTo = await this.options.checkpoints.load(this.name);
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const leadership = this.options.leadership ?? soleLeader;
    while (!signal.aborted) {
      const leader = await leadership.acquire(this.name, signal);
      if (!leader) return;
      try {
        // Another replica may have relayed while this one followed.
        this.relayedUpTo = Math.max(this.relayedUpTo, await this.options.checkpoints.load(this.name));
        this.options.logger?.info({ relay: this.name, from: this.relayedUpTo }, 'relaying as the leader');
        await this.relay(AbortSignal.any([signal, leader.lost]));
      } catch (error) {
        this.options.logger?.warn({ relay: this.name, err: String(error) }, 'relay stopped; it starts again from its checkpoint');
        await new Promise((r) => setTimeout(r, this.options.retryMs ?? 200));
      } finally {
        await leader.release();
      }
    }
  }

  private async relay(signal: AbortSignal): Promise<void> {
    const { store, contract } = this.options;
    const batches = store.subscribe({
      after: this.relayedUpTo,
      categories: contract.categories,
      maxCount: this.options.batchSize ?? 500,
      signal,
    });
    for await (const batch of batches) {
      const messages = batch.map((e) => this.toMessage(e)).filter((m): m is OutboundMessage => m !== null);
      const published = await this.publishUntilAcked(messages, signal);
      if (!published) return;
      const last = batch[batch.length - 1]!.globalPosition;
      await this.options.checkpoints.save(this.name, last);
      this.relayedUpTo = last;
    }
  }

  private toMessage(event: RecordedEvent): OutboundMessage | null {
    const value = toCloudEvent(this.options.contract, event);
    return value && { topic: this.topic, key: event.streamId, value, headers: cloudEventHeaders() };
  }

  private async publishUntilAcked(messages: readonly OutboundMessage[], signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await this.options.publisher.publish(messages);
        return true;
      } catch (error) {
        this.options.logger?.warn({ relay: this.name, attempt, err: String(error) }, 'publish failed; retrying the same batch');
        await new Promise((r) => setTimeout(r, Math.min(5000, (this.options.retryMs ?? 200) * attempt)));
      }
    }
    return false;
  }
}
