import type { MessagePublisher, OutboundMessage } from '../publisher';

export type BusHandler = (message: OutboundMessage) => Promise<void>;
/** A subscriber that takes consecutive messages of its topic at once (what one `publish` brought). */
export type BusBatchHandler = (messages: readonly OutboundMessage[]) => Promise<void>;

/**
 * The embedded mode's broker: topics in one process. Publishing waits until every subscriber of the
 * topic has handled the message, which is what a Kafka ack plus a committed offset give the relay.
 */
export class InProcessBus implements MessagePublisher {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly batchHandlers = new Map<string, Set<BusBatchHandler>>();

  subscribe(topic: string, handler: BusHandler): () => void {
    return add(this.handlers, topic, handler);
  }

  subscribeBatch(topic: string, handler: BusBatchHandler): () => void {
    return add(this.batchHandlers, topic, handler);
  }

  /**
   * Per-message subscribers get the messages one by one, in order, as ever; a batch subscriber gets
   * each run of consecutive messages of its topic once that run's per-message subscribers are done.
   */
  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    for (let start = 0; start < messages.length;) {
      const topic = messages[start]!.topic;
      let end = start + 1;
      while (end < messages.length && messages[end]!.topic === topic) end++;
      const run = messages.slice(start, end);
      for (const message of run) {
        for (const handler of [...(this.handlers.get(topic) ?? [])]) await handler(message);
      }
      for (const handler of [...(this.batchHandlers.get(topic) ?? [])]) await handler(run);
      start = end;
    }
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.batchHandlers.clear();
  }
}

function add<H>(map: Map<string, Set<H>>, topic: string, handler: H): () => void {
  const set = map.get(topic) ?? new Set<H>();
  set.add(handler);
  map.set(topic, set);
  return () => set.delete(handler);
}
