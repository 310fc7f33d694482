import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { InProcessBus } from './in-process-bus';
import type { OutboundMessage } from '../publisher';
import { isBatchHandler, MessageBatch, runBatchHandler, runMessageHandler } from '../consumer/message-batch';

/** What an @EventPattern handler gets as context in embedded mode: the message with its headers. */
export class InProcessContext extends BaseRpcContext<[OutboundMessage]> {
  getMessage(): OutboundMessage {
    return this.args[0];
  }
}

/**
 * A NestJS transport over the in-process bus, so the same @EventPattern handlers that consume Kafka
 * in the distributed topology run in `npm start` without a broker. A batch handler (see
 * `MessageBatch`) gets each publish's consecutive messages of its topic at once.
 */
export class InProcessTransport extends Server implements CustomTransportStrategy {
  private unsubscribes: Array<() => void> = [];

  constructor(private readonly bus: InProcessBus) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      if (isBatchHandler(handler)) {
        // What was published together arrives together; a failure fails the publish (the relay retries).
        this.unsubscribes.push(
          this.bus.subscribeBatch(pattern, (messages) =>
            runBatchHandler(handler, new MessageBatch(messages.map((m) => m.value)), new InProcessContext([messages.at(-1)!])),
          ),
        );
        continue;
      }
      // Waited for, and a failure fails the publish (not Nest's handleEvent: see runMessageHandler).
      this.unsubscribes.push(
        this.bus.subscribe(pattern, (message) => runMessageHandler(handler, message.value, new InProcessContext([message]))),
      );
    }
    callback();
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
  }

  on(): void {
    // The bus has no connection events to report.
  }

  unwrap<T>(): T {
    return this.bus as unknown as T;
  }
}
