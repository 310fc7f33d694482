import type { MessagePublisher, OutboundMessage } from '../publisher';

export type BusHandler = (message: OutboundMessage) => Promise<void>;

/**
 * The embedded mode's broker: topics in one process. Publishing waits until every subscriber of the
 * topic has handled the message, which is what a Kafka ack plus a committed offset give the relay.
 */
export class InProcessBus implements MessagePublisher {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  subscribe(topic: string, handler: BusHandler): () => void {
    const set = this.handlers.get(topic) ?? new Set<BusHandler>();
    set.add(handler);
    this.handlers.set(topic, set);
    return () => set.delete(handler);
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      for (const handler of [...(this.handlers.get(message.topic) ?? [])]) await handler(message);
    }
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
